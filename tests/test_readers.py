"""Readers: metadata, body text and precise errors for every input kind."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kg.errors import ArticleError, InputError
from kg.model import Article, PartialDate
from kg.readers import InputKind, read_bytes, read_sources, sniff


def one(items: list[Article | ArticleError]) -> Article:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Article), item
    return item


def error(items: list[Article | ArticleError]) -> ArticleError:
    errors = [i for i in items if isinstance(i, ArticleError)]
    assert errors, items
    return errors[0]


FRONT = """---
title: "Talks in Geneva"
author: [Ann Lee, Bo Chen]
publisher: Daily Post
date: 2021-03-03
url: https://news.example.org/geneva
tags: [Iran, talks]
actors:
  - name: Geneva Process
    type: Organization
claims:
  - subject: Iran
    relation: negotiation
    object: United States
    quote: "Iran and the United States held talks"
    date: 2021-03
    confidence: 0.9
    modality: reported
    claimed_by: Geneva Process
---
# Talks in Geneva

Iran and the United States held talks in Geneva on Tuesday.
"""


def test_front_matter_article() -> None:
    a = one(list(read_bytes(FRONT.encode(), "geneva.md")))
    assert a.title == "Talks in Geneva"
    assert a.authors == ("Ann Lee", "Bo Chen")
    assert a.publisher == "Daily Post"
    assert a.date == date(2021, 3, 3)
    assert a.url == "https://news.example.org/geneva"
    assert a.tags == ("Iran", "talks")
    assert a.text.startswith("# Talks in Geneva\n\nIran and the United States")
    assert a.actors[0].name == "Geneva Process" and a.actors[0].kind == "Organization"
    claim = a.claims[0]
    assert (claim.subject, claim.relation, claim.object) == ("Iran", "negotiation", "United States")
    assert claim.date == PartialDate(2021, 3)
    assert claim.confidence == Decimal("0.9")
    assert claim.modality == "reported" and claim.claimed_by == "Geneva Process"
    assert claim.position is not None and claim.position.line == 12


def test_seed_shaped_markdown(shared: Path) -> None:
    a = one(list(read_sources([str(shared / "seeds" / "russia-pakistan-partnership-2019.md")])))
    assert a.title == "The Russia-Pakistan Strategic Partnership. Russia's Return to South Asia"
    assert a.authors == ("Andrew Korybko",)
    assert a.publisher == "Global Research"
    assert a.date == date(2019, 7, 9)
    assert a.regions == ("Asia", "Russia and FSU")
    assert a.themes == ("Intelligence",)
    assert a.tags == ("PAKISTAN",)
    assert a.originally_published_in == "Eurasia Future"
    # the body starts with the lead and ends before the footer boilerplate
    assert a.text.startswith("*The Russian-Pakistani Strategic Partnership")
    assert a.text.rstrip().endswith("the historic new phase that they herald.")
    for boilerplate in ("Note to readers", "originally published", "Copyright", "Disclaimer", "By ["):
        assert boilerplate not in a.text


def test_text_and_html() -> None:
    t = one(list(read_bytes(b"Talks\nBy Ann Lee\nDaily Post, March 3, 2021\n\nBody.", "a.txt")))
    assert (t.title, t.authors, t.publisher, t.date, t.text) == (
        "Talks",
        ("Ann Lee",),
        "Daily Post",
        date(2021, 3, 3),
        "Body.",
    )
    page = b"""<html><head><title>Site | Talks</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
      "headline": "Talks open", "datePublished": "2021-03-03",
      "author": {"@type": "Person", "name": "Ann Lee"},
      "publisher": {"@type": "Organization", "name": "Daily Post"}, "url": "https://news.example.org/t"}</script>
    </head><body><nav><p>Home</p></nav><article><p>First &amp; foremost.</p><script>x()</script>
    <p>Second   paragraph.</p></article><footer><p>(c) 2021</p></footer></body></html>"""
    h = one(list(read_bytes(page, "t.html")))
    assert (h.title, h.authors, h.publisher, h.date, h.url) == (
        "Talks open",
        ("Ann Lee",),
        "Daily Post",
        date(2021, 3, 3),
        "https://news.example.org/t",
    )
    assert h.text == "First & foremost.\n\nSecond paragraph."


def test_json_array_jsonl_and_csv() -> None:
    records = [
        {"title": "A", "date": "2020-01-02", "publisher": "P", "text": "x"},
        {"title": "B", "date": "2020-01-03", "publisher": "P", "text": "y"},
    ]
    arr = list(read_bytes(json.dumps(records, indent=1).encode(), "a.json"))
    assert [a.title for a in arr if isinstance(a, Article)] == ["A", "B"]
    lines = "\n".join(json.dumps(r) for r in records) + "\n{broken\n"
    items = list(read_bytes(lines.encode(), "a.jsonl"))
    assert [a.title for a in items if isinstance(a, Article)] == ["A", "B"]
    err = error(items)
    assert (err.source, err.line) == ("a.jsonl", 3)
    csv_text = 'url,date,title,text\nhttps://en.wikinews.org/wiki/X,2019-01-04,X happens,"Body, with comma"\n'
    c = one(list(read_bytes(csv_text.encode(), "w.csv")))
    assert (c.title, c.date, c.text, c.publisher) == (
        "X happens",
        date(2019, 1, 4),
        "Body, with comma",
        "en.wikinews.org",
    )


def test_csv_columns_without_a_name_are_ignored() -> None:
    rows = list(read_bytes(b"title,text,\nT,x,\nU,y,stray\n", "w.csv"))
    assert [(a.title, a.text) for a in rows if isinstance(a, Article)] == [("T", "x"), ("U", "y")]


def test_json_array_errors_name_the_record_line() -> None:
    text = '[\n {"title": "A", "text": "x"},\n {"text": "no title"}\n]'
    items = list(read_bytes(text.encode(), "a.json"))
    assert isinstance(items[0], Article)
    err = error(items)
    assert err.line == 3 and "no title" in str(err)


def test_a_key_given_twice_in_a_json_record_is_an_error() -> None:
    text = '[\n {"title": "A", "text": "x"},\n {"title": "B", "title": "C", "text": "y"}\n]'
    items = list(read_bytes(text.encode(), "a.json"))
    assert isinstance(items[0], Article)
    err = error(items)
    assert err.line == 3 and "'title' is given twice" in str(err)
    line = '{"title": "A", "text": "x", "claims": [{"subject": "Russia", "subject": "China"}]}'
    err = error(list(read_bytes(line.encode(), "a.jsonl")))
    assert "'subject' is given twice" in str(err) and err.line == 1


@pytest.mark.parametrize(
    ("data", "name", "message", "line", "column"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "x.md", "binary", None, None),
        (b"   \n\n", "x.md", "empty file", None, None),
        (b"\xff\xfe\xfa not utf-8", "x.md", "not UTF-8", 1, None),
        (b"---\ntitle: [unclosed\n---\nbody", "x.md", "bad front matter", 3, 1),
        (b"---\ntitle: T\n", "x.md", "not closed", 1, 1),
        (b"---\ntitle: T\ndate: 2019-13-45\n---\nbody", "x.md", "bad date", 3, 7),
        (b"---\npublisher: P\n---\nno heading here", "x.md", "no title", 2, 1),
        (b"---\ntitle: T\nclaims:\n  - subjet: A\n---\nbody", "x.md", "unknown field 'subjet'", 4, 13),
        (
            b"---\ntitle: T\nclaims:\n  - {subject: A, relation: r, object: B, confidence: 1.5}\n---\nb",
            "x.md",
            "between 0 and 1",
            4,
            54,
        ),
        (b"---\ntitle: T\nurl: not a url\n---\nb", "x.md", "not an absolute URL", 3, 6),
        (b"---\n- a list\n---\nb", "x.md", "must be a mapping", 2, None),
        # unknown top-level fields, in every kind of record, at the line and column of their value
        (b"---\ntitle: T\nauther: Jane Roe\n---\nb", "x.md", "unknown field 'auther' in an article", 3, 9),
        (
            b'[\n {"title": "A", "text": "x"},\n {"title": "B",\n  "text": "y", "auther": "J"}\n]',
            "x.json",
            "unknown field 'auther' in an article (did you mean 'author'?)",
            4,
            26,
        ),
        (b'{"title": "T", "text": "x", "summary": "s"}\n', "x.jsonl", "unknown field 'summary'", 1, 40),
        (
            b'{"title": "T", "text": "x", "claims": [{"subject": "A", "objekt": "B"}]}\n',
            "x.jsonl",
            "unknown field 'objekt' in a claim",
            1,
            67,
        ),
        (b"title,text,auther\nT,x,J\n", "x.csv", "unknown field 'auther' in the header row", 1, 12),
        (b'"title","text","auther"\nT,x,J\n', "x.csv", "unknown field 'auther'", 1, 17),
    ],
)
def test_bad_inputs_are_rejected_with_a_position(
    data: bytes, name: str, message: str, line: int | None, column: int | None
) -> None:
    err = error(list(read_bytes(data, name)))
    assert message in str(err)
    assert err.source == name
    assert (err.line, err.column) == (line, column)


def test_folder_walk_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# B\nbody")
    (tmp_path / "a.txt").write_text("A\nbody")
    (tmp_path / ".hidden.md").write_text("# H\nbody")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.json").write_text('{"title": "C", "text": "x"}')
    titles = [a.title for a in read_sources([str(tmp_path)]) if isinstance(a, Article)]
    assert titles == ["A", "B", "C"]
    with pytest.raises(InputError, match="no such file") as missing:  # at once, not as an article
        read_sources([str(tmp_path), str(tmp_path / "nope.md")])
    assert not isinstance(missing.value, ArticleError) and missing.value.exit_code == 3
    piped = one(list(read_sources(["-"], stdin=io.BytesIO(b"---\ntitle: S\n---\nbody"))))
    assert piped.title == "S" and str(piped.source) == "<stdin>"


def test_sniffing() -> None:
    assert sniff("---\ntitle: x\n---") is InputKind.MARKDOWN
    assert sniff('{"a": 1}\n{"a": 2}\n') is InputKind.JSONL
    assert sniff('{"a": 1}') is InputKind.JSON
    # JSON Lines from the content: a first value on one line, more values on the lines after it
    assert sniff('{"a": 1}\n[1]\n"x"\n') is InputKind.JSONL
    assert sniff('\n  {"a": 1}  \r\n\n{"a": 2}') is InputKind.JSONL
    assert sniff('{"a": 1}\n{"a": \n') is InputKind.JSONL  # the JSON Lines reader reports line 2
    assert sniff('[{"a": 1},\n {"a": 2}]\n') is InputKind.JSON
    assert sniff('{"a":\n 1}\n{"a": 2}\n') is InputKind.JSON  # not one record per line
    assert sniff('{"a": 1} {"a": 2}\n') is InputKind.JSON
    assert sniff("<html></html>") is InputKind.HTML
    assert sniff("Just a title\nand text") is InputKind.TEXT
