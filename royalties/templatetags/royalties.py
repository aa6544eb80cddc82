from django import template

from royalties import money

register = template.Library()


@register.filter
def dong(amount):
    """1234000 → "1.234.000 đ"."""
    return money.dong(amount)
