from . import o2c_kpi_refresh_queue
from . import o2c_billing_lag
from . import o2c_kpi_figures
from . import res_company
from . import res_config_settings
from . import res_partner
from . import project_project
from . import sale_order
