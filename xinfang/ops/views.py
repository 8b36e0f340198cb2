from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def healthz(request):
    """For the load balancer and the monitoring: 200 while this server can answer, else 503. No login, and
    nothing in it that an outsider could use (no versions, no paths)."""
    state = health.check()
    return JsonResponse(state.as_dict(), status=200 if state.serving else 503)


@staff_member_required
def health_page(request):
    """The same, for the administrator (系统管理 › 运行状态)."""
    return render(request, "ops/health.html", {"health": health.check()})
