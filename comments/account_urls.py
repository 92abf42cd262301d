"""Reader accounts: Django's auth views plus our sign-up."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup-sent"),
    path("verify/send/", views.send_verification, name="verify-email-send"),
    path("verify/<uidb64>/<token>/", views.verify_email, name="verify-email"),
]
