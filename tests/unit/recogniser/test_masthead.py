import datetime

import pytest

from issues.importing.recogniser import RecogniserError
from issues.importing.recogniser.masthead import is_footer, take_masthead
from issues.importing.recogniser.normalise import normalise
from issues.importing.recogniser.paragraphs import to_blocks


def masthead(text):
    blocks, _dropped = to_blocks(normalise(text))
    return take_masthead(blocks)


BODY = "\n\n标题\n\n正文。"


@pytest.mark.parametrize(
    ("line", "number", "total", "kind"),
    [
        ("第76期", 76, None, "regular"),
        ("第 76 期", 76, None, "regular"),
        ("2023年第5期", 5, None, "regular"),
        ("第5期（总第123期）", 5, 123, "regular"),
        ("2024年第3期（总第58期）", 3, 58, "regular"),
        ("增刊第1期", 1, None, "supplement"),
        ("特刊", None, None, "special"),
        ("专刊第2期", 2, None, "special"),
        ("第七十六期", 76, None, "regular"),
        ("第7-8期", 7, None, "regular"),
        ("总第301期", None, 301, "regular"),
    ],
)
def test_number_line_forms(line, number, total, kind):
    found = masthead(f"学习参考\n\n{line}\n\n北京市教育委员会\n\n2023年7月23日{BODY}")
    assert found.masthead is not None
    assert (
        found.masthead.number,
        found.masthead.total_number,
        found.masthead.kind,
    ) == (
        number,
        total,
        kind,
    )


def test_full_masthead_with_mark_banner_office_date_and_editors_note():
    found = masthead(
        "内部资料　注意保存\n\n学习贯彻习近平新时代中国特色社会主义思想主题教育\n\n学 习 参 考\n\n"
        "第 76 期\n\n北京教育科学研究院主题教育领导小组办公室            2023 年 7 月 23 日\n\n"
        "【编者按】本期刊发北京市党政代表团赴内蒙古的报道。" + BODY
    )
    head = found.masthead
    assert (head.name, head.banner, head.office) == (
        "学习参考",
        "学习贯彻习近平新时代中国特色社会主义思想主题教育",
        "北京教育科学研究院主题教育领导小组办公室",
    )
    assert head.date == datetime.date(2023, 7, 23)
    assert head.editors_note == "本期刊发北京市党政代表团赴内蒙古的报道。"
    assert [block.text for block in found.blocks] == ["标题", "正文。"]
    assert "内部资料" in found.notes[-1]


def test_date_in_chinese_numerals():
    found = masthead(f"学习参考\n\n第76期\n\n二〇二三年七月二十三日{BODY}")
    assert found.masthead.date == datetime.date(2023, 7, 23)


def test_name_and_number_on_one_line():
    found = masthead(f"学习参考  第76期\n\n2023年7月23日{BODY}")
    assert (found.masthead.name, found.masthead.number) == ("学习参考", 76)


def test_plain_article_has_no_masthead():
    found = masthead("京蒙协作再上新台阶\n\n本报讯（记者 王某）正文。")
    assert found.masthead is None
    assert len(found.blocks) == 2


def test_title_after_the_number_is_not_taken_for_the_office():
    found = masthead(
        "学习参考\n\n第76期\n\n共同谱写携手奋进中国式现代化的京蒙篇章\n\n正文。"
    )
    assert found.masthead.office == ""
    assert found.blocks[0].text == "共同谱写携手奋进中国式现代化的京蒙篇章"


def test_classified_mark_is_refused():
    with pytest.raises(RecogniserError, match="非涉密"):
        masthead(f"秘密★1年\n\n学习参考\n\n第76期{BODY}")


@pytest.mark.parametrize(
    "line",
    [
        "报：市委宣传部",
        "送：各区教委",
        "发：各学校",
        "（共印40份）",
        "编辑：张三　审核：李四　签发：王五",
    ],
)
def test_footer_lines(line):
    assert is_footer(normalise(line))
