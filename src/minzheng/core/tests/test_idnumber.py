import datetime as dt

import pytest

from minzheng.core import idnumber


@pytest.mark.parametrize("value", ["11010519491231002X", "53010219200508011X", "11010519491231002x"])
def test_valid_numbers_and_lowercase_x(value):
    parsed = idnumber.parse(value)
    assert parsed.number == value.upper()
    assert parsed.number.endswith("X")


def test_birth_date_and_sex_are_derived():
    parsed = idnumber.parse("11010519491231002X")
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "F"  # sequence 002 is even
    assert idnumber.parse("53010219200508011X").sex == "M"


def test_bad_checksum_is_rejected_in_chinese():
    with pytest.raises(idnumber.IdNumberError, match="校验位错误"):
        idnumber.parse("110105194912310021")


@pytest.mark.parametrize("value", ["110105194902300010", "110105194913010010"])
def test_bad_date_is_rejected(value):
    body = value[:17]
    with pytest.raises(idnumber.IdNumberError, match="出生日期"):
        idnumber.parse(body + idnumber.check_character(body))


def test_malformed_numbers():
    for value in ["", "123", "11010519491231002Y", "1101051949123100"]:
        with pytest.raises(idnumber.IdNumberError):
            idnumber.parse(value)


def test_fifteen_digit_number_is_converted():
    # 15-digit 110105491231002 → insert "19" → 11010519491231002 + check character X
    parsed = idnumber.parse("110105491231002")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == dt.date(1949, 12, 31)


def test_historic_address_codes_are_accepted():
    # 330902 (定海区) is missing from some libraries' tables; 330921 and 339005 style abolished/renamed codes too.
    for address in ("330902", "429001", "510000", "652301"):
        body = address + "19800101001"
        assert idnumber.parse(body + idnumber.check_character(body)).address_code == address


def test_mask():
    assert idnumber.mask("33090219800101001X") == "330902**********1X"
