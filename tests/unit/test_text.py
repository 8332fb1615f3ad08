import datetime

import pytest

from articles.text import (
    MIN_TITLE_LINE,
    TITLE_MEASURE,
    Block,
    byline_runs_in,
    format_cn_date,
    mark_title_breaks,
    parse_body,
    split_paragraphs,
    split_title_marks,
    text_width,
    title_lines,
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


# Titles broken by meaning (GB/T 9704 §7.3.1).

SAMPLE_TITLE = "北京市党政代表团赴内蒙古自治区对接东西部协作工作 共同谱写携手奋进中国式现代化的京蒙篇章"
# Real headlines of the kind bulletins reprint, with what must stay whole.
TITLES = [
    (SAMPLE_TITLE, ["东西部协作", "京蒙篇章", "内蒙古自治区"]),
    ("关于进一步加强和改进新时代全市教育系统党的建设工作的实施意见", ["实施意见"]),
    ("习近平在中央财经委员会第二次会议上强调 推进5G网络和GDP统计改革", ["5G", "GDP"]),
    (
        "学习贯彻党的二十大精神——深入推进全面从严治党向纵深发展的若干思考",
        ["全面从严治党", "——"],
    ),
    ("以学铸魂、以学增智、以学正风、以学促干 扎实推动主题教育走深走实", ["以学促干"]),
]


def test_a_short_title_is_one_line():
    assert title_lines("共同谱写携手奋进中国式现代化的京蒙篇章") == [
        "共同谱写携手奋进中国式现代化的京蒙篇章"
    ]


def test_sample_title_breaks_at_its_space_and_keeps_words_whole():
    # Not 东西部｜协作 with 京蒙篇章 alone on a third line.
    assert title_lines(SAMPLE_TITLE) == [
        "北京市党政代表团赴内蒙古自治区",
        "对接东西部协作工作",
        " 共同谱写携手奋进中国式现代化的京蒙篇章",  # the space opens the line
    ]


@pytest.mark.parametrize(("title", "whole"), TITLES)
def test_long_titles_break_into_fitting_lines_keeping_words(title, whole):
    lines = title_lines(title)
    assert len(lines) > 1
    assert "".join(lines) == title
    for line in (line.strip() for line in lines):
        assert len(line) >= MIN_TITLE_LINE and text_width(line) <= TITLE_MEASURE
        assert line[0] not in "，、：）》——" and line[-1] not in "（《“"
    for words in whole:
        assert any(words in line for line in lines), (words, lines)


def test_no_line_is_left_with_fewer_than_five_characters():
    # Broken at the space, the last line would hold three characters.
    assert title_lines("一二三四五六七八九十一二三四五六七八 九十一") == [
        "一二三四五六七八九十一",
        "二三四五六七八 九十一",
    ]
    assert title_lines("一二三四五六七八九十一二三四五六七八九十一") == [
        "一二三四五六七八九十",
        "一二三四五六七八九十一",
    ]


def test_a_title_that_cannot_be_broken_stays_one_line():
    assert title_lines("A" * 60) == ["A" * 60]


def test_editor_marks_break_the_title_where_they_stand():
    marked = "北京市党政代表团赴内蒙古自治区对接东西部协作工作 | 共同谱写携手奋进中国式现代化的京蒙篇章"
    title, breaks = split_title_marks(marked)
    assert title == SAMPLE_TITLE  # the mark stood for the space
    assert title_lines(title, breaks) == [
        "北京市党政代表团赴内蒙古自治区对接东西部协作工作",
        " 共同谱写携手奋进中国式现代化的京蒙篇章",
    ]
    assert mark_title_breaks(title, breaks) == marked
    # Full-width marks, marks between characters, marks at either end.
    assert split_title_marks("｜甲乙丙｜丁戊己|庚辛｜") == ("甲乙丙丁戊己庚辛", [3, 6])
    assert mark_title_breaks("甲乙丙丁戊己庚辛", [3, 6]) == "甲乙丙|丁戊己|庚辛"
    # Breaks that no longer fit the title are ignored.
    assert title_lines("甲乙丙", [0, 3, 9, "x"]) == ["甲乙丙"]
