"""The built-in scheme templates (四比四看, 亮赛评, 六个度, the national ETDZ assessment), as data.

A template is loaded as an ordinary, editable scheme (``services.template_load``). Items name
indicators of the catalogue by code; an item whose indicator is not in the catalogue is scored
by a panel instead (its rule becomes "manual"), so a template always loads. The weights inside
a national category are not public: equal by default, as REFERENCE.md says.
"""

from __future__ import annotations

from typing import Any

# (category, [(item, indicator code or None, rule, params, weight, weights by zone kind)])
Item = tuple[str, str | None, str, dict[str, Any], str, dict[str, str]]

SAFETY: list[Item] = [
    ("安全生产扣分", None, "deduction", {"per_event": "0.3", "cap": 3}, "0", {}),
    ("重大安全事故一票否决", None, "veto", {}, "0", {}),
]

TEMPLATES: dict[str, dict[str, Any]] = {
    "sibisikan": {
        "name": "四比四看",
        "period_kind": "half_year",
        "description": (
            "比谋划储备看项目质量，比招商引资看签约落地，"
            "比开工建设看工程进度，比服务水平看满意指数。"
        ),
        "categories": [
            (
                "比谋划储备 看项目质量",
                [
                    (
                        "规上工业增加值目标完成率",
                        "industrial_value_added",
                        "target_ratio",
                        {"cap": "1.2"},
                        "25",
                        {},
                    ),
                ],
            ),
            (
                "比招商引资 看签约落地",
                [
                    ("进出口总额", "trade_total", "linear", {}, "25", {}),
                ],
            ),
            (
                "比开工建设 看工程进度",
                [
                    (
                        "新开工项目数",
                        "projects_started",
                        "rank_points",
                        {"first": 10, "step": 1},
                        "15",
                        {},
                    ),
                    ("固定资产投资增速", "fai_growth", "growth_vs_average", {"span": 10}, "10", {}),
                ],
            ),
            (
                "比服务水平 看满意指数",
                [
                    ("企业满意指数", None, "manual", {"max": 100}, "25", {}),
                    *SAFETY,
                ],
            ),
        ],
    },
    "liangsaiping": {
        "name": "亮赛评",
        "period_kind": "half_year",
        "description": "亮成绩、赛项目、评实效：党建、项目建设、招商引资、内部管理。",
        "categories": [
            ("党建", [("党建工作", None, "manual", {"max": 100}, "25", {})]),
            ("项目建设", [("新开工项目数", "projects_started", "linear", {}, "25", {})]),
            ("招商引资", [("进出口总额", "trade_total", "linear", {}, "25", {})]),
            ("内部管理", [("内部管理", None, "manual", {"max": 100}, "25", {}), *SAFETY]),
        ],
    },
    "liugedu": {
        "name": "六个度",
        "period_kind": "year",
        "description": "首位度、敏感度、集聚度、创新度、协调度、外向度。",
        "categories": [
            ("首位度", [("规上工业增加值", "industrial_value_added", "linear", {}, "17", {})]),
            (
                "敏感度",
                [
                    (
                        "新开工项目数",
                        "projects_started",
                        "rank_points",
                        {"first": 10, "step": 1},
                        "17",
                        {},
                    )
                ],
            ),
            ("集聚度", [("一般公共预算收入", "general_budget_revenue", "linear", {}, "16", {})]),
            (
                "创新度",
                [("固定资产投资增速", "fai_growth", "growth_vs_average", {"span": 10}, "16", {})],
            ),
            ("协调度", [("单位工业增加值能耗", "energy_per_value_added", "linear", {}, "17", {})]),
            ("外向度", [("进出口总额", "trade_total", "linear", {}, "17", {})]),
        ],
    },
    "national_2016": {
        "name": "国家级经开区综合发展水平考核评价",
        "label": "国家级经开区综合发展水平考核评价（2016年版）",
        "period_kind": "year",
        "peer_zone_level": "national",
        "description": (
            "2016 年版：产业基础、科技创新、区域带动、生态环保、行政效能；权重按园区类型不同。"
        ),
        "categories": [
            (
                "产业基础",
                [
                    (
                        "规上工业增加值",
                        "industrial_value_added",
                        "linear",
                        {},
                        "25",
                        {"high_tech": "20"},
                    )
                ],
            ),
            (
                "科技创新",
                [("研发投入强度", None, "manual", {"max": 100}, "20", {"high_tech": "25"})],
            ),
            ("区域带动", [("一般公共预算收入", "general_budget_revenue", "linear", {}, "20", {})]),
            (
                "生态环保",
                [("单位工业增加值能耗", "energy_per_value_added", "linear", {}, "20", {})],
            ),
            ("行政效能", [("行政效能", None, "manual", {"max": 100}, "15", {})]),
        ],
    },
    "national_2021": {
        "name": "国家级经开区综合发展水平考核评价",
        "label": "国家级经开区综合发展水平考核评价（2021年版）",
        "period_kind": "year",
        "peer_zone_level": "national",
        "replaces": "national_2016",
        "description": (
            "2021 年版：对外开放 30、发展质量 30、科技创新 15、绿色发展 15、统筹协调 10；类内等权。"
        ),
        "categories": [
            (
                "对外开放",
                [
                    ("实际利用外资", "foreign_capital_used", "linear", {}, "15", {}),
                    ("进出口总额", "trade_total", "linear", {}, "15", {}),
                ],
            ),
            (
                "发展质量",
                [
                    ("规上工业增加值", "industrial_value_added", "linear", {}, "10", {}),
                    ("一般公共预算收入", "general_budget_revenue", "linear", {}, "10", {}),
                    (
                        "工业投资增速",
                        "industrial_investment_growth",
                        "growth_vs_average",
                        {"span": 10},
                        "10",
                        {},
                    ),
                ],
            ),
            ("科技创新", [("研发投入强度", None, "manual", {"max": 100}, "15", {})]),
            (
                "绿色发展",
                [("单位工业增加值能耗", "energy_per_value_added", "linear", {}, "15", {})],
            ),
            ("统筹协调", [("新投产项目数", "projects_in_production", "linear", {}, "10", {})]),
        ],
    },
}
