import pytest

from xinfang.lib.employernames import CloseNames, are_close, key_parts, keys_are_close, name_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("深圳市万家东方服饰有限公司", "万家东方服饰"),
        ("  万家 东方　服饰  ", "万家东方服饰"),  # spaces, an ideographic space among them
        ("ＡＢＣ科技有限公司", "abc科技"),  # full-width letters, one case
        ("万家东方（深圳）服饰有限公司", "万家东方深圳服饰"),
        ("万家东方(深圳)服饰有限公司", "万家东方深圳服饰"),
        ("【万家东方】服饰", "万家东方服饰"),
        ("深圳市罗湖区万家东方服饰店", "万家东方服饰店"),
        ("福田区万家东方服饰有限责任公司", "万家东方服饰"),
        ("深圳市万家东方服饰股份有限公司", "万家东方服饰"),
        ("深圳市万家东方服饰有限公司罗湖分公司", "万家东方服饰有限公司罗湖"),
        ("深圳市万家东方服饰有限公司分公司", "万家东方服饰"),
        ("大鹏新区海鲜酒家", "海鲜酒家"),
        ("有限公司", "有限公司"),  # nothing but a suffix: kept, never emptied
        ("深圳市", "深圳市"),
    ],
)
def test_name_key_drops_what_does_not_tell_employers_apart(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("万家东方", "深圳市万家东方服饰有限公司"),  # contained
        ("深圳市万家东方服饰有限公司", "万家东方服饰股份有限公司"),  # equal once normalised
        ("万家东方（深圳）服饰", "万家东方(深圳)服饰"),
        ("比亚迪", "深圳市比亚迪汽车有限公司"),  # three characters are enough
    ],
)
def test_close_names(a, b):
    assert are_close(a, b) and are_close(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("华为", "深圳市华为技术有限公司"),  # two characters are part of too many names
        ("深圳市万家东方服饰有限公司", "深圳市万家东方电子有限公司"),
        ("鸿寅电子有限公司", "新华电子厂"),
        ("", "万家东方"),
    ],
)
def test_names_that_are_not_close(a, b):
    assert not are_close(a, b)


def test_equal_short_keys_are_close_whatever_their_length():
    assert keys_are_close("华为", "华为") and not keys_are_close("华为", "华为技术")


def test_close_names_set_answers_like_pairwise_comparison():
    names = ["深圳市万家东方服饰有限公司", "深圳市鸿寅电子有限公司", "罗湖区东湖国威五金店"]
    index = CloseNames(names)
    for candidate in [
        "万家东方",
        "万家东方服饰股份有限公司",
        "深圳市鸿寅电子科技有限公司",  # contains an existing key
        "国威五金",
        "华为",
        "深圳市万家东方电子有限公司",
        "新华电子厂",
    ]:
        assert index.is_close(candidate) == any(are_close(candidate, n) for n in names), candidate
    index.add("深圳市新华电子厂")
    assert index.is_close("新华电子")


def test_key_parts_are_the_parts_long_enough_to_count():
    assert key_parts("万家东方") == {"万家东", "家东方", "万家东方"}
    assert key_parts("华为") == set()
