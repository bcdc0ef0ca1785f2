from . import o2c_credit_report
