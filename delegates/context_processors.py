def current_seat(request):
    return {}
