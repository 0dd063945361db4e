"""The member portal at /me/ (namespace ``portal``): the kernel's 我的档案 and each register's
pages, each app contributing its own ``urls.py``."""

from partybuild import urls as kernel
from partybuild.memberservices import urls as memberservices
from partybuild.orglife import urls as orglife
from partybuild.recruitment import urls as recruitment

app_name = "portal"

urlpatterns = [
    *kernel.urlpatterns,
    *recruitment.urlpatterns,
    *orglife.urlpatterns,
    *memberservices.urlpatterns,
]
