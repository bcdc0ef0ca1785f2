from . import o2c_unbilled_ageing
from . import o2c_kpi_export
