"""Paragraph repair (docs/bulletin-format.md#how-text-arrives): blocks cut by
page breaks, visual lines, page furniture."""

import pytest

from issues.importing.recogniser.normalise import normalise
from issues.importing.recogniser.paragraphs import Block, repair, to_blocks


def texts(text):
    blocks, dropped = to_blocks(normalise(text))
    return [block.text for block in blocks], dropped


def paragraphs(*blocks):
    return repair([Block(text) for text in blocks])


def test_block_without_final_punctuation_continues():
    found, notes = paragraphs(
        "乌兰察布苍穹如盖、草原一碧千里。北京市党政代表团一下火", "车就直奔察右前旗。"
    )
    assert found == [
        "乌兰察布苍穹如盖、草原一碧千里。北京市党政代表团一下火车就直奔察右前旗。"
    ]
    assert "原文在句中断行" in notes[0][1]
    assert "一下火／车就直奔" in notes[0][1]


def test_block_with_open_bracket_continues():
    found, _notes = paragraphs("他指出（这是第一点。", "也是关键）。")
    assert found == ["他指出（这是第一点。也是关键）。"]


def test_quotation_over_several_paragraphs_is_not_joined():
    found, _notes = paragraphs("他说：“第一段话。", "“第二段话。”")
    assert found == ["他说：“第一段话。", "“第二段话。”"]


@pytest.mark.parametrize(
    "first",
    ["一、总体要求", "（二）主要任务", "会议强调：", "第一段结束。", "“好！”"],
)
def test_headings_colons_and_sentence_ends_are_not_joined(first):
    found, _notes = paragraphs(first, "下一段正文。")
    assert found == [first, "下一段正文。"]


def test_next_block_heading_is_not_joined():
    found, _notes = paragraphs("未完的句子", "一、总体要求")
    assert found == ["未完的句子", "一、总体要求"]


def test_short_line_without_punctuation_is_kept_as_subheading_with_a_note():
    found, notes = paragraphs("坚持高质量发展", "要把发展作为第一要务。")
    assert found == ["坚持高质量发展", "要把发展作为第一要务。"]
    assert "小标题" in notes[0][1]


def test_latin_words_keep_one_space_when_joined():
    found, _notes = paragraphs(
        "会议讨论了新技术在教育中的应用，特别是 artificial", "intelligence 的发展。"
    )
    assert found == [
        "会议讨论了新技术在教育中的应用，特别是 artificial intelligence 的发展。"
    ]


@pytest.mark.parametrize(
    "furniture",
    ["— 2 —", "—2—", "- 2 -", "第2页", "第 2 页 共 4 页", "2/4", "3", "━━━━━━"],
)
def test_page_furniture_is_dropped(furniture):
    found, dropped = texts(f"第一段。\n\n{furniture}\n\n第二段。")
    assert found == ["第一段。", "第二段。"]
    assert dropped == [normalise(furniture)]


def test_running_header_on_every_page_is_dropped():
    pages = "\f".join(f"学习参考\n\n第{n}页的正文。\n\n— {n} —" for n in range(1, 4))
    found, dropped = texts(pages)
    assert found == ["第1页的正文。", "第2页的正文。", "第3页的正文。"]
    assert dropped.count("学习参考") == 3


VISUAL = (
    "　　北京市党政代表团赴内蒙古自治区，结合主题教育，就深化京蒙东\n"
    "西部协作进行交流对接，学习内蒙古经济社会发展的好经验好做法。北\n"
    "京市委书记尹力参加有关活动。\n"
    "　　乌兰察布苍穹如盖、草原一碧千里。北京市党政代表团一下火车就\n"
    "直奔察右前旗，察看公司生产线。\n"
)


def test_visual_lines_are_joined_at_the_measure_and_split_at_indents():
    found, _dropped = texts(VISUAL)
    assert found == [
        "北京市党政代表团赴内蒙古自治区，结合主题教育，就深化京蒙东西部协作进行"
        "交流对接，学习内蒙古经济社会发展的好经验好做法。北京市委书记尹力参加有关"
        "活动。",
        "乌兰察布苍穹如盖、草原一碧千里。北京市党政代表团一下火车就直奔察右前旗，"
        "察看公司生产线。",
    ]


def test_full_line_ending_a_sentence_without_indentation_is_a_noted_guess():
    text = (
        "北京市党政代表团赴内蒙古自治区，结合主题教育，就深化京蒙协作进行对接。\n"
        "学习内蒙古经济社会发展的好经验好做法，北京市委书记尹力参加有关活动并讲\n"
        "话。\n"
        "乌兰察布苍穹如盖、草原一碧千里。北京市党政代表团一下火车就直奔察右前。\n"
    )
    blocks, _dropped = to_blocks(normalise(text))
    assert blocks[0].text.startswith("北京市党政代表团")
    assert blocks[0].text.endswith("参加有关活动并讲话。")
    assert any("一行排满" in note for note in blocks[0].notes)


def test_lines_that_are_whole_paragraphs_stay_paragraphs():
    text = "第一段很短。\n第二段稍长一些，但也不到一行。\n第三段是一个比较长的段落，它有很多很多字，远远超过一般的行宽，所以不是排版出来的行。\n"
    found, _dropped = texts(text)
    assert len(found) == 3
