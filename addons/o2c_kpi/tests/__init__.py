from . import test_install
from . import test_billing_lag
from . import test_kpi_dashboard
from . import test_receivables
from . import test_cash_forecast
