"""Seed the industry cluster vocabulary with the clusters zones commonly develop."""

from django.db import migrations

CLUSTERS = [
    ("intelligent-manufacturing", "智能制造", ["智能装备", "工业机器人"]),
    ("high-end-equipment", "高端装备制造", ["装备制造", "高端装备", "机械", "机械制造", "机械装备"]),
    ("energy-saving", "节能环保", ["环保", "节能", "环保产业"]),
    ("new-energy", "新能源", ["光伏", "风电", "氢能", "清洁能源"]),
    ("new-energy-vehicles", "新能源汽车", ["电动汽车"]),
    ("automotive", "汽车及零部件", ["汽车", "汽车零部件", "汽车配套", "汽车制造", "汽车及配件"]),
    ("new-materials", "新材料", ["材料", "先进材料"]),
    ("biomedicine", "生物医药", ["医药", "生物", "生物技术", "医疗器械", "生物医药健康"]),
    ("electronics", "电子信息", ["电子", "信息技术", "新一代信息技术", "电子通讯", "光电"]),
    ("modern-services", "现代服务业", ["服务业", "商务服务", "金融服务", "总部经济"]),
    ("logistics", "现代物流", ["物流", "港口物流", "仓储物流", "保税物流"]),
    ("e-commerce", "电子商务", ["跨境电商", "电商"]),
    ("modern-agriculture", "现代农业", ["农业", "特色农业", "农产品加工", "农副产品加工"]),
    ("culture-tourism", "文化旅游", ["旅游", "文旅", "文化创意"]),
    ("chemicals", "化工", ["精细化工", "石油化工", "石化", "化学", "煤化工", "化工新材料"]),
    ("food", "食品", ["食品加工", "食品饮料", "绿色食品"]),
    ("textiles", "纺织服装", ["纺织", "服装", "轻纺"]),
    ("metallurgy", "冶金", ["钢铁", "有色金属", "冶金建材", "金属制品"]),
    ("building-materials", "建材", ["建筑材料", "新型建材"]),
    ("aerospace", "航空航天", ["航空", "航天"]),
    ("light-industry", "轻工", ["轻工业", "家具", "家电"]),
    ("trade", "商贸", ["商贸物流", "贸易"]),
]


def seed(apps, schema_editor):
    Cluster = apps.get_model("registry", "Cluster")
    for order, (code, name, aliases) in enumerate(CLUSTERS):
        Cluster.objects.using(schema_editor.connection.alias).get_or_create(
            code=code, defaults={"name": name, "aliases": aliases, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_clusters_boundaries_infrastructure")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
