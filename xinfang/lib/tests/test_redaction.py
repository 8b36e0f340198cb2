from xinfang.lib.redaction import redact


def test_id_and_mobile_numbers_in_free_text_are_masked():
    text = "本人身份证11010519491231002X，电话13812345678，工号123456789012345678901。"
    assert redact(text) == "本人身份证110***********002X，电话138****5678，工号123456789012345678901。"


def test_given_names_are_replaced_longest_first():
    assert redact("张三丰与张三同去", ["张三", "张三丰", ""]) == "信访人与信访人同去"


def test_empty_text_stays_empty():
    assert redact("") == ""
