"""The labels of the decision forming the election teams: no model of Resolution
40/NQ-HĐBCQG covers it, so it follows the decision of Decree 30/2020/NĐ-CP
(Appendix III, form 1.4): number and place-and-date under the heading, the
title, the authority, its grounds, "QUYẾT ĐỊNH:", the articles, then the
"Nơi nhận:" block beside the signature. One label a line, "a | b" for
alternatives (see `forms.models`)."""

from __future__ import annotations

from forms.models.voters import QUOC_HIEU

DECISION_LABELS: dict[str, str] = {
    "team_decision": f"""
ỦY BAN NHÂN DÂN
{QUOC_HIEU}
Số:
/QĐ-UBND
ngày
QUYẾT ĐỊNH
Về việc thành lập
ỦY BAN NHÂN DÂN
Căn cứ Luật Tổ chức chính quyền địa phương
Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân
QUYẾT ĐỊNH:
Điều 1.
Điều 2.
Điều 3.
Nơi nhận:
Lưu:
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
DANH SÁCH THÀNH VIÊN CÁC TỔ BẦU CỬ
(Kèm theo Quyết định số
""",
}
