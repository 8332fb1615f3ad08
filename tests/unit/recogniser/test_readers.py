"""Files to text: encodings, Word and PDF built here, and bad input."""

import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from issues.importing.recogniser import RecogniserError, recognise_file
from issues.importing.recogniser.readers import read_text
from tests.unit.recogniser.documents import (
    make_docx,
    make_image_pdf,
    make_pdf,
)

SAMPLE = Path(__file__).resolve().parents[3] / "issues/sample"
SEED = (SAMPLE / "xuexi-cankao-76.txt").read_text(encoding="utf-8")
EXPECTED = json.loads((SAMPLE / "xuexi-cankao-76.expected.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.encode("gb18030"),
        lambda text: text.encode("gbk"),
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-16-le"),
        lambda text: text.replace("\n", "\r\n").encode("utf-16-be"),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "gb18030",
        "gbk",
        "utf-16-bom",
        "utf-16le",
        "utf-16be-crlf",
    ],
)
def test_sample_reads_the_same_in_every_office_encoding(encode):
    assert recognise_file(encode(SEED), "xuexi-cankao-76.txt").to_json() == EXPECTED


def seed_blocks() -> list[str]:
    return [block for block in SEED.split("\n") if block.strip()]


def test_word_document_built_with_python_docx():
    data = make_docx(seed_blocks())
    assert recognise_file(data, "学习参考第76期.docx").to_json() == EXPECTED


def test_word_line_break_inside_a_paragraph_keeps_a_two_part_headline():
    data = make_docx(
        ["本报讯（记者 王某）两地签署协议。", "选自《北京日报》2023年7月23日第1版"],
        line_break=("坚持以学铸魂", "深入推进主题教育"),
    )
    text = read_text(data, "a.docx")
    assert "坚持以学铸魂\n深入推进主题教育" in text
    assert "— 1 —" not in text  # the footer is not body text


def test_pdf_typeset_like_the_printed_bulletin():
    """Masthead in large red type, a title in two sizes, body wrapped at the
    measure with indents, paragraphs running over page breaks, page numbers
    and running headers: the PDF reads back as the expected structure."""
    data = make_pdf(EXPECTED, kicker_split=24)
    found = recognise_file(data, "学习参考第76期.pdf")
    assert found.to_json() == EXPECTED
    assert "— 2 —" in found.dropped


def test_pdf_short_article():
    data = make_pdf(
        {
            **EXPECTED,
            "articles": [
                {
                    **EXPECTED["articles"][0],
                    "paragraphs": EXPECTED["articles"][0]["paragraphs"][-3:],
                }
            ],
        },
        kicker_split=24,
    )
    article = recognise_file(data, "a.pdf").articles[0]
    assert article.paragraphs == EXPECTED["articles"][0]["paragraphs"][-3:]
    assert article.byline == "本报讯（记者 祁梦竹）"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "文件是空的"),
        (b" \r\n\t", "a.txt", "文件是空的"),
        ("正文".encode() + b"\xff\xfe\x80", "a.txt", "无法识别文件编码"),
        (b"\x01\x02\x03\x04" * 300, "a.txt", "二进制"),
        (b"not a zip at all", "a.docx", "不是有效的 Word 文档"),
        (b"%PDF-1.4\n garbage that is no pdf", "a.pdf", "无法读取该 PDF"),
        (b"hello", "a.pdf", "这不是 PDF 文件"),
        (b"\xd0\xcf\x11\xe0 old word", "a.doc", ".doc"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scan.png", "图片"),
    ],
    ids=[
        "empty",
        "blank",
        "undecodable",
        "binary",
        "docx-not-zip",
        "bad-pdf",
        "not-pdf",
        "doc",
        "image",
    ],
)
def test_bad_input_gets_a_clear_chinese_message(data, name, message):
    with pytest.raises(RecogniserError, match=message):
        recognise_file(data, name)


def test_scanned_pdf_without_text_layer():
    with pytest.raises(RecogniserError, match="未找到可读取的文字，可能是扫描件"):
        recognise_file(make_image_pdf(), "scan.pdf")


def test_zip_that_is_not_a_word_document():
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(RecogniserError, match="不是有效的 Word 文档"):
        recognise_file(out.getvalue(), "a.docx")


def test_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(RecogniserError, match="文件太大"):
        recognise_file(SEED.encode(), "a.txt")


def test_text_without_an_article():
    with pytest.raises(RecogniserError, match="未识别出任何文章"):
        recognise_file("— 1 —\n\n— 2 —\n".encode(), "a.txt")
    with pytest.raises(RecogniserError, match="没有中文"):
        recognise_file(b"just some english words", "a.txt")
