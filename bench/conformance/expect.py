"""feedparser's fixtures state their expected result as a Python expression over feedparser's
answer (`Expect: not bozo and entries[0]['title'] == 'Example'`). Evaluated here over kiosque's
JSON, shaped as feedparser names things, when the expression is about fields the JSON has:
an expression that reaches any other key is not comparable (`NotInJSON`)."""

import calendar
import time

from fields import literal, text


class NotInJSON(Exception):
    pass


class Text(str):
    """A text value, equal to another when a reader sees the same text (kiosque's HTML is
    unsanitized, feedparser's sanitized)."""

    def __eq__(self, other):
        # feedparser's value is HTML or plain text as its type says, which the assertion
        # does not: either reading may be the one meant.
        return isinstance(other, str) and text(str(self)) in (text(other), literal(other))

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


class PlainText(Text):
    """kiosque's titles are plain text; feedparser's may be HTML: equal when the texts are.
    A title the JSON does not have is the empty text (an `<img>` title has no text), and
    not `in` the entry."""

    def __eq__(self, other):
        return isinstance(other, str) and literal(str(self)) in (literal(other), text(other))

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
        value = self.known[key]
        return value is not None and not isinstance(value, Absent) and not (isinstance(value, PlainText) and value == "")

    # feedparser's result is a dict: `entries[0] == {...}` and `.keys()` compare all of it.
    def keys(self):
        raise NotInJSON("keys")

    def __eq__(self, other):
        raise NotInJSON("==")


def _parsed(iso):
    if iso is None:
        return None
    return time.gmtime(calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")))


class Absent(list):
    """An entry's `content` when it has none: `[0]['value']` fails as in feedparser, and
    `[0]['src']` (a key the JSON never has) is not comparable."""

    def __init__(self):
        super().__init__([Node({"value": None})])


def _text(v):
    return None if v is None else Text(v)


def _title(v):
    return PlainText(v or "")


def shaped(feed):
    """kiosque's JSON as feedparser's `feed` and `entries`."""
    entries = []
    for i in feed["items"]:
        # feedparser copies an entry's content into its summary when it has none.
        summary = i["summary_html"] if i["summary_html"] is not None else i["content_html"]
        entries.append(Node({
            "title": _title(i["title"]),
            "link": i["link"],
            "id": i["id"],
            "guid": i["id"],
            # One date to kiosque as to the comparison (fields.py): parsers disagree on
            # which of the two a dc:date or a pubDate is.
            "published_parsed": _parsed(i["published"] or i["updated"]),
            "updated_parsed": _parsed(i["updated"] or i["published"]),
            "author": _text(i["author"]),
            "summary": _text(summary),
            "description": _text(summary),
            "content": [Node({"value": _text(i["content_html"])})] if i["content_html"] is not None else Absent(),
            "tags": [Node({"term": Text(c)}) for c in i["categories"]] or None,
        }))
    head = Node({
        "title": _title(feed["title"]),
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
