"""Plain-text files: decoding, limits and the errors bad files get."""

from __future__ import annotations

import pytest

from parley.ids import digest, document_id

ARTICLE = (
    "Oslo hosts quiet talks on river dispute\n\n"
    "By Ingrid Halvorsen\n\n"
    "OSLO – Delegates from Norway and Sweden met on Tuesday to discuss fishing rights.\n"
    "The talks ended without an agreement.\n"
)


def test_text_file_gives_one_document(tmp_path, read_one):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc, errors = read_one(path)
    assert errors == []
    assert doc.text == ARTICLE
    assert doc.path == str(path)
    assert doc.id == document_id(ARTICLE)
    assert (doc.title, doc.author, doc.dateline) == (
        "Oslo hosts quiet talks on river dispute",
        "Ingrid Halvorsen",
        "OSLO",
    )
    assert doc.language == "en"


@pytest.mark.parametrize("name", ["notes.md", "README", "memo.TXT"])
def test_markdown_and_suffixless_files_are_text(tmp_path, read_one, name):
    path = tmp_path / name
    path.write_text("Kenya and Uganda agreed to reopen the border crossing on Friday.")
    doc, errors = read_one(path)
    assert errors == [] and doc.text.startswith("Kenya and Uganda")


def test_windows_newlines_are_normalised(tmp_path, read_one):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Line one of the report.\r\nLine two.\rLine three.\r\n")
    doc, _ = read_one(path)
    assert doc.text == "Line one of the report.\nLine two.\nLine three.\n"


@pytest.mark.parametrize(
    ("encoding", "sentence"),
    [
        ("latin-1", "Le ministre a rencontré son homologue à Genève après la réunion."),
        ("cp1252", "The envoy said “no deal” – and left Zürich… the fee was €5."),
        ("utf-16", "Chile and Peru signed a maritime accord in Lima on Monday."),
        ("utf-16-be", "Chile and Peru signed a maritime accord in Lima on Monday."),
        ("utf-32", "Chile and Peru signed a maritime accord in Lima on Monday."),
        ("utf-8-sig", "Der Außenminister traf seine Amtskollegin in München."),
        ("cp1251", "Министр иностранных дел встретился с послом в Москве во вторник."),
    ],
)
def test_encodings_are_detected(tmp_path, read_one, encoding, sentence):
    path = tmp_path / "encoded.txt"
    path.write_bytes(sentence.encode(encoding))
    doc, errors = read_one(path)
    assert errors == []
    assert doc.text == sentence


def _codes(errors):
    return [e.code for e in errors]


def test_binary_file_gets_e004(tmp_path, read_one):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 64)
    doc, errors = read_one(path)
    assert _codes(errors) == ["E004"]
    assert doc.text == "" and doc.id == digest(str(path)) and doc.path == str(path)


def test_known_binary_signature_is_named(tmp_path, read_one):
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nsome objects")
    _, errors = read_one(path)
    assert _codes(errors) == ["E004"] and "PDF" in errors[0].message


def test_control_characters_without_nul_get_e004(tmp_path, read_one):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65]) * 100)
    _, errors = read_one(path)
    assert _codes(errors) == ["E004"]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_file_gets_e003(tmp_path, read_one, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    doc, errors = read_one(path)
    assert _codes(errors) == ["E003"] and doc.text == ""


def test_too_big_file_gets_e006(tmp_path, read_one):
    path = tmp_path / "big.txt"
    path.write_text("Talks resumed. " * 100)
    _, errors = read_one(path, max_bytes=500)
    assert _codes(errors) == ["E006"] and "500" in errors[0].message


def test_missing_file_gets_e001(tmp_path, read_one):
    doc, errors = read_one(tmp_path / "absent.txt")
    assert _codes(errors) == ["E001"] and doc.path == str(tmp_path / "absent.txt")


def test_named_unsupported_file_gets_e010(tmp_path, read_one):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"whatever")
    _, errors = read_one(path)
    assert _codes(errors) == ["E010"] and ".xlsx" in errors[0].message


def test_min_printable_is_a_setting(tmp_path, read_one):
    path = tmp_path / "escapes.txt"
    path.write_text("Some text. " + "\x1b" * 5 + "More text follows here in the body.")
    assert read_one(path)[1] == []
    assert _codes(read_one(path, min_printable=0.99)[1]) == ["E004"]


def test_truncated_utf16_gets_e005(tmp_path, read_one):
    path = tmp_path / "cut.txt"
    path.write_bytes(b"\xff\xfe" + "Talks".encode("utf-16-le") + b"A")
    _, errors = read_one(path)
    assert _codes(errors) == ["E005"]


def test_declared_encoding_wins_but_a_false_utf16_claim_is_ignored():
    from parley.readers.decode import decode_bytes

    assert decode_bytes("Zürich".encode("cp1252"), declared="windows-1252") == ("Zürich", "cp1252")
    assert decode_bytes("Zürich".encode(), declared="utf-16") == ("Zürich", "utf-8")
