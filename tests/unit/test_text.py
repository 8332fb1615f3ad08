import datetime

import pytest

from articles.text import (
    Block,
    byline_runs_in,
    format_cn_date,
    parse_body,
    split_paragraphs,
)


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


# Bylines as newspapers print them (docs/bulletin-format.md#bylines-and-datelines).
RUN_IN = [
    "本报讯（记者 祁梦竹）",  # the sample bulletin's
    "本报讯（记者 王某、李某）",
    "本报北京7月22日电（记者王君平）",
    "新华社北京7月4日电",
    "据新华社北京7月22日电",
    "人民网北京7月22日电（记者 杨某某）",
    "中新社北京7月22日电（记者 孙某）",
    "本报讯",
]
OWN_LINE = [
    "本报记者 祁梦竹",
    "本报记者 王某 通讯员 李某",
    "新华社记者 张三 李四",
    "本报评论员",
    "人民日报评论员",
    "作者：王某",
    "作者：王某（中央党校教授）",
    "文/张三",
    # Not a dateline, so not run into the text either.
    "任仲平",
]


@pytest.mark.parametrize("byline", RUN_IN)
def test_a_dateline_runs_into_the_first_paragraph(byline):
    assert byline_runs_in(byline)


@pytest.mark.parametrize("byline", OWN_LINE)
def test_a_reporter_or_author_line_stands_on_its_own(byline):
    assert not byline_runs_in(byline)


def test_a_dateline_followed_by_more_text_is_not_a_bare_dateline():
    assert not byline_runs_in("本报讯（记者 祁梦竹）7月21日至22日，代表团赴内蒙古。")
