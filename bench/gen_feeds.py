#!/usr/bin/env python3
"""Writes large RSS 2.0 and Atom 1.0 files of French financial news for bench/feeds.sh.

    gen_feeds.py OUT_DIR [--files 4] [--items 1000] [--seed 7]

Deterministic; standard library only.
"""
import argparse
import os
import random
from xml.sax.saxutils import escape

SUBJECTS = ["La BRVM", "La BCEAO", "Le Trésor ivoirien", "Sonatel", "Le Sénégal", "Le franc CFA", "Le cours du cacao",
            "Le Ghana", "La Banque mondiale", "Orange Côte d’Ivoire", "Le Niger", "L’UEMOA"]
VERBS = ["annonce", "confirme", "dément", "prévoit", "relève", "abaisse", "maintient", "lance", "suspend", "publie"]
OBJECTS = ["un emprunt obligataire de 150 milliards de FCFA", "son taux directeur à 3,25 %", "une hausse de 2,4 % du PIB",
           "un dividende record", "la campagne de commercialisation", "un plan d’investissement", "ses prévisions d’inflation",
           "un partenariat avec une fintech", "les résultats du troisième trimestre", "une réforme du marché financier"]
WORDS = ("marché croissance inflation budget dette recettes exportations investisseurs banque crédit épargne taux "
         "obligations actions séance volume capitalisation région économie réforme énergie agriculture").split()


def paragraph(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 80))).capitalize() + "."


def item_html(rng):
    paras = "".join("<p>%s <strong>%s</strong> %s</p>" % (paragraph(rng), rng.choice(WORDS), paragraph(rng))
                    for _ in range(3))
    return paras + '<ul><li>%s</li><li>%s</li></ul><p><a href="https://exemple.example/%d">Lire la suite</a></p>' % (
        rng.choice(OBJECTS), rng.choice(OBJECTS), rng.randint(1, 10 ** 6))


def title(rng):
    return "%s %s %s" % (rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS))


DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def rss(rng, items):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">',
           '<channel><title>Banc d’essai RSS</title><link>https://bench.example/</link><language>fr</language>']
    for i in range(items):
        d = rng.randint(1, 28)
        out.append(
            "<item><title>%s</title><link>https://bench.example/articles/%d</link><guid isPermaLink=\"false\">rss-%d</guid>"
            "<pubDate>%s, %02d Nov 2026 %02d:%02d:00 +0000</pubDate><dc:creator>Rédaction</dc:creator>"
            "<category>%s</category><category>%s</category><description>%s</description>"
            "<content:encoded><![CDATA[%s]]></content:encoded>"
            '<media:content url="https://bench.example/img/%d.jpg" medium="image"/></item>'
            % (escape(title(rng)), i, i, DAYS[d % 7], d, rng.randint(0, 23), rng.randint(0, 59),
               rng.choice(WORDS), rng.choice(WORDS), escape(paragraph(rng)), item_html(rng), i))
    out.append("</channel></rss>")
    return "\n".join(out)


def atom(rng, items):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr" xml:base="https://bench.example/">',
           "<title>Banc d’essai Atom</title><link href=\"/\"/><updated>2026-11-28T12:00:00Z</updated>",
           "<author><name>Rédaction</name></author>"]
    for i in range(items):
        d = rng.randint(1, 28)
        out.append(
            "<entry><title>%s</title><id>tag:bench.example,2026:%d</id><link rel=\"alternate\" href=\"articles/%d\"/>"
            "<published>2026-11-%02dT%02d:%02d:00+01:00</published><updated>2026-11-%02dT%02d:00:00Z</updated>"
            '<category term="%s"/><summary type="text">%s</summary><content type="html">%s</content></entry>'
            % (escape(title(rng)), i, i, d, rng.randint(0, 23), rng.randint(0, 59), d, rng.randint(0, 23),
               rng.choice(WORDS), escape(paragraph(rng)), escape(item_html(rng))))
    out.append("</feed>")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--files", type=int, default=4)
    p.add_argument("--items", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for n in range(a.files):
        with open(os.path.join(a.out, "rss-%d.xml" % n), "w", encoding="utf-8") as f:
            f.write(rss(rng, a.items))
        with open(os.path.join(a.out, "atom-%d.xml" % n), "w", encoding="utf-8") as f:
            f.write(atom(rng, a.items))


if __name__ == "__main__":
    main()
