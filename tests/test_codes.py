"""cisd.codes: country names to ISO/COW/GW codes, as a user merging a World Bank table calls it.

Expected codes are read by hand from the rows of python/cisd/data/entities.csv (VNM: VN, COW and
GW 816; LAO: LA, 812; TLS: TL, 860; COD 490; Interpol has no state codes).
"""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

import cisd


def test_a_str_gives_one_code_in_each_system() -> None:
    assert cisd.codes("Viet Nam") == "VNM"
    assert cisd.codes("Viet Nam", to="iso2") == "VN"
    assert cisd.codes("Viet Nam", to="cow") == 816
    assert cisd.codes("Lao PDR", to="gw") == 812
    assert cisd.codes("lao pdr", to="name") == "Laos"
    assert cisd.codes("Côte d’Ivoire") == "CIV"


def test_a_list_or_tuple_gives_a_list_in_order() -> None:
    assert cisd.codes(["Lao PDR", "Viet Nam", "Timor-Leste"], to="cow") == [812, 816, 860]
    assert cisd.codes(("Viet Nam", None)) == ["VNM", None]


def test_an_organisation_has_no_state_codes() -> None:
    assert cisd.codes("Interpol") == "INTERPOL"
    assert cisd.codes(["Interpol", "Viet Nam"], to="cow") == [None, 816]
    assert cisd.codes("Interpol", to="gw") is None
    assert cisd.codes("Interpol", to="iso2") is None


@pytest.mark.parametrize(("name", "codes"), [("Congo", ["COD", "COG"]), ("Korea", ["KOR", "PRK"])])
def test_an_ambiguous_name_names_the_candidates(name: str, codes: list[str]) -> None:
    with pytest.raises(ValueError, match=f'ambiguous name "{name}"') as e:
        cisd.codes(["Viet Nam", name])
    for code in codes:
        assert f"({code})" in str(e.value)


def test_an_unknown_name_gets_the_did_you_mean() -> None:
    with pytest.raises(ValueError, match=r"unknown .*\"Vietnan\" \(did you mean Vietnam \(VNM\)\?\)"):
        cisd.codes("Vietnan")


def test_bad_arguments_say_what_to_pass() -> None:
    with pytest.raises(ValueError, match=r"unknown code system \"iso\" \(did you mean iso"):
        cisd.codes("Viet Nam", to="iso")
    with pytest.raises(TypeError, match="expected a str, a list"):
        cisd.codes(42)
    with pytest.raises(TypeError, match="got 704"):
        cisd.codes(["Viet Nam", 704])


def test_a_pandas_series_keeps_its_index_and_missing_values() -> None:
    pd = pytest.importorskip("pandas")
    names = pd.Series(["Viet Nam", None, "Lao PDR", math.nan], index=["b", "x", "a", "y"], name="country")
    iso = cisd.codes(names)
    assert isinstance(iso, pd.Series)
    assert list(iso.index) == ["b", "x", "a", "y"]
    assert iso.name == "country"
    assert iso["b"] == "VNM" and iso["a"] == "LAO"
    assert iso.isna().tolist() == [False, True, False, True]
    cow = cisd.codes(names, to="cow")
    assert str(cow.dtype) == "Int64"
    assert cow["b"] == 816 and cow["a"] == 812 and cow.isna().tolist() == [False, True, False, True]


def test_a_polars_series_gives_a_polars_series() -> None:
    pl = pytest.importorskip("polars")
    names = pl.Series("country", ["Viet Nam", None, "Timor-Leste"])
    iso = cisd.codes(names, to="iso2")
    assert isinstance(iso, pl.Series)
    assert iso.name == "country"
    assert iso.to_list() == ["VN", None, "TL"]
    assert cisd.codes(names, to="gw").to_list() == [816, None, 860]


def test_codes_imports_neither_pandas_nor_polars_for_a_list() -> None:
    probe = "import sys, cisd; cisd.codes(['Viet Nam']); print('pandas' in sys.modules, 'polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
