"""Seed four industry chains matching seeded clusters (new materials, new-energy vehicles,
high-end equipment, photovoltaics): their links upstream to downstream with key products.
Managed data: administrators change it; each zone marks its own firms, projects and targets."""

from django.db import migrations

U, M, D = "upstream", "midstream", "downstream"

# code, name, cluster code, [(segment, name, key products, [(child name, key products)])]
CHAINS = [
    (
        "new-materials",
        "新材料产业链",
        "new-materials",
        [
            (U, "矿产与基础原料", "铝土矿、煤系高岭土、石英砂、稀土", []),
            (U, "基础化工原料", "电子级化学品、工业气体、树脂单体", []),
            (M, "先进金属材料", "高性能铝合金、镁合金、特种钢", []),
            (M, "先进无机非金属材料", "特种玻璃、先进陶瓷、石墨", []),
            (M, "高分子材料", "工程塑料、特种橡胶、功能膜", []),
            (
                M,
                "复合材料",
                "",
                [("碳纤维及其复合材料", "碳纤维、预浸料"), ("玻璃纤维复合材料", "玻纤、玻钢制品")],
            ),
            (D, "交通装备应用", "汽车轻量化部件、轨道交通材料", []),
            (D, "新能源应用", "电池材料、光伏材料、储氢材料", []),
            (D, "电子信息应用", "半导体材料、显示材料", []),
        ],
    ),
    (
        "new-energy-vehicles",
        "新能源汽车产业链",
        "new-energy-vehicles",
        [
            (U, "电池原材料", "正极材料、负极材料、电解液、隔膜", []),
            (U, "电子元器件", "功率半导体、传感器、车规芯片", []),
            (
                M,
                "动力电池",
                "",
                [("电芯", "磷酸铁锂电芯、三元电芯"), ("电池包与电池管理系统", "电池包、BMS")],
            ),
            (M, "驱动电机与电控", "驱动电机、电机控制器、减速器", []),
            (M, "汽车零部件", "车身结构件、热管理系统、线束、底盘", []),
            (D, "整车制造", "乘用车、专用车、新能源重卡", []),
            (D, "充换电设施", "充电桩、换电站", []),
            (D, "电池回收利用", "梯次利用、材料再生", []),
        ],
    ),
    (
        "equipment",
        "装备制造产业链",
        "high-end-equipment",
        [
            (U, "基础材料与铸锻件", "特种钢材、铸件、锻件", []),
            (U, "基础零部件", "轴承、齿轮、液压件、密封件", []),
            (M, "数控机床与基础制造装备", "数控机床、成形装备", []),
            (
                M,
                "工业机器人",
                "",
                [
                    ("机器人本体", "多关节机器人、协作机器人"),
                    ("核心部件", "减速器、伺服系统、控制器"),
                ],
            ),
            (M, "煤机装备", "综采设备、掘进机、输送设备", []),
            (M, "轨道交通装备", "车辆部件、轨道装备", []),
            (D, "系统集成与服务", "智能产线集成、运维服务", []),
            (D, "再制造", "装备再制造、零部件修复", []),
        ],
    ),
    (
        "photovoltaics",
        "光伏产业链",
        "new-energy",
        [
            (U, "多晶硅", "工业硅、多晶硅料", []),
            (U, "硅片", "单晶硅棒、硅片", []),
            (M, "电池片", "PERC电池、TOPCon电池、异质结电池", []),
            (M, "组件", "光伏组件、光伏玻璃、边框、胶膜", []),
            (M, "逆变器与支架", "逆变器、跟踪支架", []),
            (D, "光伏电站", "集中式电站、分布式光伏", []),
            (D, "储能", "储能电池、储能系统集成", []),
        ],
    ),
]


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    Chain = apps.get_model("promotion", "Chain")
    ChainNode = apps.get_model("promotion", "ChainNode")
    Cluster = apps.get_model("registry", "Cluster")
    for order, (code, name, cluster_code, nodes) in enumerate(CHAINS, start=1):
        chain, created = Chain.objects.using(db).get_or_create(
            code=code,
            defaults={
                "name": name,
                "cluster": Cluster.objects.using(db).filter(code=cluster_code).first(),
                "sort_order": order * 10,
            },
        )
        if not created:
            continue
        place = 0
        for segment, node_name, products, children in nodes:
            place += 10
            parent = ChainNode.objects.using(db).create(
                chain=chain,
                segment=segment,
                name=node_name,
                key_products=products,
                sort_order=place,
            )
            for child_name, child_products in children:
                place += 10
                ChainNode.objects.using(db).create(
                    chain=chain,
                    parent=parent,
                    segment=segment,
                    name=child_name,
                    key_products=child_products,
                    sort_order=place,
                )


class Migration(migrations.Migration):
    dependencies = [("promotion", "0007_chains"), ("registry", "0004_seed_clusters")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
