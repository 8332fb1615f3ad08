"""Bylines and datelines (docs/bulletin-format.md#bylines-and-datelines):
separated from the first paragraph exactly as printed, alone and through files
in both encodings."""

import pytest

from articles.text import is_own_line_byline, split_dateline
from issues.importing.recogniser import recognise_file
from issues.importing.recogniser.bylines import is_trailer

DATELINES = [
    ("本报讯（记者 祁梦竹）7月21日至22日，代表团赴内蒙古。", "本报讯（记者 祁梦竹）"),
    ("本报讯（记者 王某 李某）会议召开。", "本报讯（记者 王某 李某）"),
    ("本报讯（记者 王某、李某）会议召开。", "本报讯（记者 王某、李某）"),
    ("本报北京7月22日电（记者王君平）会议召开。", "本报北京7月22日电（记者王君平）"),
    ("新华社北京7月4日电  国务院召开常务会议。", "新华社北京7月4日电"),
    ("据新华社北京7月22日电 会议召开。", "据新华社北京7月22日电"),
    (
        "人民网北京7月22日电（记者 杨某某）会议召开。",
        "人民网北京7月22日电（记者 杨某某）",
    ),
    (
        "本报讯（通讯员 张三 实习生 李四）会议召开。",
        "本报讯（通讯员 张三 实习生 李四）",
    ),
    ("本报讯（特约记者 赵某）会议召开。", "本报讯（特约记者 赵某）"),
    ("北京日报讯（记者 王某）会议召开。", "北京日报讯（记者 王某）"),
    ("中新社北京7月22日电（记者 孙某）会议召开。", "中新社北京7月22日电（记者 孙某）"),
    ("本报讯 会议召开。", "本报讯"),
    (
        "新华社呼和浩特7月22日电（记者 张某）会议召开。",
        "新华社呼和浩特7月22日电（记者 张某）",
    ),
]
OWN_LINE = [
    "本报记者 祁梦竹",
    "新华社记者 张三 李四",
    "记者 张三",
    "作者：王某",
    "作者：王某（中央党校教授）",
    "本报记者 王某 通讯员 李某",
    "文/张三",
    "本报评论员",
    "人民日报评论员",
    "新华社特约评论员",
]
NOT_BYLINES = [
    "本报记者调查发现，问题很多。",
    "22日下午，北京市召开会议。",
    "此次会议通报讯息。",
    "记者从会上获悉，项目已开工。",
    "本报评论员指出，改革进入关键时期。",
]


@pytest.mark.parametrize(("paragraph", "byline"), DATELINES)
def test_dateline_is_split_from_the_first_paragraph(paragraph, byline):
    found, rest = split_dateline(paragraph)
    assert found == byline
    assert rest == paragraph[len(byline) :].strip()


@pytest.mark.parametrize("line", OWN_LINE)
def test_byline_on_its_own_line(line):
    assert is_own_line_byline(line)


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_sentences_are_not_bylines(line):
    assert split_dateline(line) is None
    assert not is_own_line_byline(line)


@pytest.mark.parametrize(
    "line", ["（责编：王某）", "（作者系中央党校教授）", "责任编辑：王某", "（完）"]
)
def test_trailer_lines(line):
    assert is_trailer(line)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize(("paragraph", "byline"), DATELINES)
def test_dateline_read_from_a_file(encoding, paragraph, byline):
    text = f"京蒙协作再上新台阶\n\n{paragraph}\n\n选自《北京日报》2023年7月23日第1版\n"
    article = recognise_file(text.encode(encoding), "a.txt").articles[0]
    assert article.byline == byline
    assert article.paragraphs == [paragraph[len(byline) :].strip()]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("line", OWN_LINE)
def test_own_line_byline_read_from_a_file(encoding, line):
    text = f"京蒙协作再上新台阶\n\n{line}\n\n两地签署协议。\n\n来源：新华社\n"
    article = recognise_file(text.encode(encoding), "a.txt").articles[0]
    assert (article.title, article.byline) == ("京蒙协作再上新台阶", line)
    assert article.paragraphs == ["两地签署协议。"]
