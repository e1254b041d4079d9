from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from signaalwijzer.directory.selectors import contacts_for_display


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"contacts": contacts_for_display()})
