from datetime import date

import pytest
from django.core.exceptions import ValidationError

from xinfang.lib import creditcode, idnumber, phone
from xinfang.lib.masking import mask_id_number, mask_phone


def test_known_valid_id_number_passes():
    idnumber.validate_id_number("11010519491231002X")  # the example of GB 11643


def test_id_number_with_wrong_check_digit_is_refused_with_chinese_message():
    with pytest.raises(ValidationError) as e:
        idnumber.validate_id_number("110105194912310021")
    assert "校验位错误" in e.value.messages[0]


def test_id_number_with_impossible_birth_date_is_refused():
    bad = "11010519490231" + "002"
    with pytest.raises(ValidationError) as e:
        idnumber.validate_id_number(bad + idnumber.check_character(bad))
    assert "出生日期" in e.value.messages[0]


def test_id_number_of_wrong_length_is_refused():
    with pytest.raises(ValidationError) as e:
        idnumber.validate_id_number("1234")
    assert "18位" in e.value.messages[0]


def test_made_id_numbers_validate_and_carry_gender():
    number = idnumber.make_id_number("440303", date(1990, 3, 7), 123)
    idnumber.validate_id_number(number)
    assert idnumber.gender_of(number) == "M"


def test_known_valid_credit_code_passes():
    creditcode.validate_credit_code("91350100M000100Y43")


def test_credit_code_with_wrong_check_character_is_refused():
    with pytest.raises(ValidationError) as e:
        creditcode.validate_credit_code("91350100M000100Y44")
    assert "统一社会信用代码校验位错误" in e.value.messages[0]


def test_credit_code_with_forbidden_letter_is_refused():
    with pytest.raises(ValidationError) as e:
        creditcode.validate_credit_code("91350100M000100I43")
    assert "不含I、O、S、V、Z" in e.value.messages[0]


@pytest.mark.parametrize("value", ["13812345678", "0755-82345678", "075582345678", "+8613812345678", "12351"])
def test_phone_formats_accepted(value):
    phone.validate_phone(value)


@pytest.mark.parametrize("value", ["1381234567", "23812345678", "abc", "0755-123"])
def test_phone_formats_refused(value):
    with pytest.raises(ValidationError) as e:
        phone.validate_phone(value)
    assert "联系电话格式不正确" in e.value.messages[0]


def test_masking_keeps_only_the_ends():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0755-82345678") == "0755-****5678"
    assert mask_id_number("") == ""


@pytest.mark.parametrize(
    "amount, words",
    [
        ("0", "零元整"),
        ("1", "壹元整"),
        ("10", "壹拾元整"),
        ("1001", "壹仟零壹元整"),
        ("10010", "壹万零壹拾元整"),
        ("36570.50", "叁万陆仟伍佰柒拾元伍角"),
        ("100000000", "壹亿元整"),
        ("202092000.00", "贰亿零贰佰零玖万贰仟元整"),
        ("105000.07", "壹拾万伍仟元零柒分"),
        ("0.25", "贰角伍分"),
        ("12.345", "壹拾贰元叁角伍分"),
    ],
)
def test_money_in_capitals(amount, words):
    from decimal import Decimal

    from xinfang.lib.cnformat import cn_money_upper

    assert cn_money_upper(Decimal(amount)) == words
