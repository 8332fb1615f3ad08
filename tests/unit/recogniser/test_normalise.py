import pytest
from hypothesis import given, strategies as st

from issues.importing.recogniser.normalise import normalise, visual_width


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("2023 年 7 月 23 日", "2023年7月23日"),
        ("年加工能力 70 万吨、产值 40 亿元", "年加工能力70万吨、产值40亿元"),
        ("第 76 期", "第76期"),
        ("GDP 增长 5.2%", "GDP增长5.2%"),
        ("京蒙协作 政协助力", "京蒙协作 政协助力"),
        ("北京市人民政府 内蒙古自治区人民政府", "北京市人民政府 内蒙古自治区人民政府"),
        ("\ufeff第一段。\u200b", "第一段。"),
        ("２０２３年７月", "2023年7月"),
        ("ＡＢＣ公司", "ABC公司"),
        ("京蒙协作—政协助力", "京蒙协作——政协助力"),
        ("京蒙协作――政协助力", "京蒙协作——政协助力"),
        ("等等...", "等等……"),
        ("北京市•内蒙古", "北京市·内蒙古"),
        ("第一行\r\n第二行\r第三行", "第一行\n第二行\n第三行"),
        ("办公室　　　2023年7月23日", "办公室  2023年7月23日"),
        ("　　本报讯（记者 祁梦竹）", "　　本报讯（记者 祁梦竹）"),
        ("（，）：不变", "（，）：不变"),
        ("第7—8期", "第7—8期"),
    ],
)
def test_normalise(raw, clean):
    assert normalise(raw) == clean


def test_nfc_composes_but_keeps_full_width_punctuation():
    assert normalise("e\u0301，（）：") == "é，（）："


def test_width_counts_ascii_as_half():
    assert visual_width("京蒙ab12") == 4


# Text without the characters normalise maps (three or more 。 in a row,
# even with spaces between, become ……): every visible character survives,
# in order.
PLAIN = st.text(
    alphabet=st.sampled_from(
        list(
            "京蒙协作北京市人民政府第期年月日，。、：；“”《》（）abcXYZ0123456789 \n　"
        )
    )
).filter(lambda text: "。。。" not in "".join(text.split()))


@given(PLAIN)
def test_normalise_keeps_every_visible_character(text):
    def visible(value):
        return [char for char in value if not char.isspace()]

    assert visible(normalise(text)) == visible(text)
