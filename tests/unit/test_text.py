import datetime

from articles.text import Block, format_cn_date, parse_body, split_paragraphs


def test_paragraphs_drop_indentation_and_blank_lines():
    assert split_paragraphs("　　甲。\n\n\n  乙。\n") == ["甲。", "乙。"]


def test_headings_are_recognised_by_level():
    blocks = parse_body(
        "一、总体要求\n（一）指导思想\n1. 坚持党的领导\n（2）强化保障\n正文。"
    )
    assert [(b.level, b.is_heading) for b in blocks] == [
        (1, True),
        (2, True),
        (3, True),
        (4, True),
        (0, False),
    ]


def test_heading_sentence_opening_a_paragraph_is_run_in():
    block = parse_body(
        "（一）坚持以学铸魂。要把学习贯彻习近平新时代中国特色社会主义思想作为主线。"
    )[0]
    assert block == Block(
        "要把学习贯彻习近平新时代中国特色社会主义思想作为主线。",
        level=2,
        lead="（一）坚持以学铸魂。",
    )


def test_numbers_and_dates_are_not_headings():
    assert parse_body("22日下午，座谈会召开。")[0].level == 0
    assert parse_body("2023.7.21 会议召开。")[0].level == 0


def test_chinese_dates_have_no_zero_padding():
    assert format_cn_date(datetime.date(2023, 7, 3)) == "2023年7月3日"
    assert format_cn_date(None) == ""
