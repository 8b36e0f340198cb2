import pytest

from xinfang.lib.cnformat import document_number


@pytest.mark.parametrize(
    ("case_number", "written"),
    [
        ("罗工信〔2026〕0001", "罗工信〔2026〕1号"),
        ("罗工信〔2026〕0120", "罗工信〔2026〕120号"),
        ("罗工调〔2025〕12345", "罗工调〔2025〕12345号"),
        ("罗工信〔2026〕0000", "罗工信〔2026〕0号"),
        ("LH-2026-7", "LH-2026-7"),
    ],
)
def test_document_number_drops_padding_zeros_and_ends_in_hao(case_number, written):
    assert document_number(case_number) == written
