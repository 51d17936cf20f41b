"""Provinces and communes after the 2025 reform (no district level)."""

from piccolo.columns import ForeignKey, Integer, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from election.choices import LabelledChoice


class DivisionType(LabelledChoice):
    MUNICIPALITY = "thanh_pho_trung_uong", "Thành phố trực thuộc trung ương"
    PROVINCE = "tinh", "Tỉnh"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"


class Province(Table, tablename="province"):
    """One of the 34 provinces and centrally-run cities; `code` is the official code."""

    code = Varchar(length=2, primary_key=True)
    name = Varchar(length=100)
    division_type = Varchar(length=32, choices=DivisionType)
    codename = Varchar(length=100)
    phone_code = Integer(null=True, default=None)


class Commune(Table, tablename="commune"):
    """A xã, phường or đặc khu; `code` is the official five-digit code."""

    code = Varchar(length=5, primary_key=True)
    name = Varchar(length=100)
    division_type = Varchar(length=32, choices=DivisionType)
    codename = Varchar(length=100)
    province = ForeignKey(references=Province, on_delete=OnDelete.restrict, null=False, index=True)
