"""feedparser's fixtures state their expected result as a Python expression over feedparser's
answer (`Expect: not bozo and entries[0]['title'] == 'Example'`). Evaluated here over kiosque's
JSON, shaped as feedparser names things, when the expression is about fields the JSON has:
an expression that reaches any other key is not comparable (`NotInJSON`)."""

import time

from fields import text


class NotInJSON(Exception):
    pass


class Text(str):
    """A text value, equal to another when a reader sees the same text (kiosque's HTML is
    unsanitized, feedparser's sanitized)."""

    def __eq__(self, other):
        return isinstance(other, str) and text(str(self)) == text(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


class Node:
    """A dictionary of known keys (None: absent) that refuses every other key."""

    def __init__(self, known):
        self.known = known

    def __getitem__(self, key):
        if key not in self.known:
            raise NotInJSON(key)
        value = self.known[key]
        if value is None:
            raise KeyError(key)
        return value

    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        return self[key]

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key):
        if key not in self.known:
            raise NotInJSON(key)
        return self.known[key] is not None

    # feedparser's result is a dict: `entries[0] == {...}` and `.keys()` compare all of it.
    def keys(self):
        raise NotInJSON("keys")

    def __eq__(self, other):
        raise NotInJSON("==")


def _parsed(iso):
    if iso is None:
        return None
    return time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")


def _text(v):
    return None if v is None else Text(v)


def shaped(feed):
    """kiosque's JSON as feedparser's `feed` and `entries`."""
    entries = []
    for i in feed["items"]:
        entries.append(Node({
            "title": _text(i["title"]),
            "link": i["link"],
            "id": i["id"],
            "guid": i["id"],
            "published_parsed": _parsed(i["published"]),
            "updated_parsed": _parsed(i["updated"]),
            "author": _text(i["author"]),
            "summary": _text(i["summary_html"]),
            "description": _text(i["summary_html"]),
            "content": [Node({"value": _text(i["content_html"])})] if i["content_html"] is not None else None,
            "tags": [Node({"term": Text(c)}) for c in i["categories"]] or None,
        }))
    head = Node({
        "title": _text(feed["title"]),
        "link": feed["link"],
        "language": feed["language"],
        "updated_parsed": _parsed(feed["updated"]),
    })
    return head, entries


def evaluate(expression, feed):
    """True or False, or None when the expression is about something the JSON does not have.
    `bozo` (feedparser's "was not well formed") is not a field of the JSON: the expression
    holds if it holds with either value."""
    if feed is None:
        head, entries = Node({"title": None, "link": None, "language": None, "updated_parsed": None}), []
    else:
        head, entries = shaped(feed)
    seen = []
    for bozo in (False, True):
        scope = {"bozo": bozo, "feed": head, "entries": entries, "time": time}
        try:
            seen.append(bool(eval(expression, {"__builtins__": {"len": len, "True": True, "False": False}}, scope)))
        except (NotInJSON, NameError):  # a key or a name (`version`, `encoding`…) the JSON has not
            return None
        except (KeyError, IndexError, TypeError, AttributeError):
            seen.append(False)
        if seen[-1]:
            return True
    return False
