from . import o2c_unbilled_ageing
from . import o2c_kpi_export
from . import o2c_cash_forecast_export
