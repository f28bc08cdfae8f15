"""The order a learner sees an in-lesson check's or scenario's options in. Pure, so it is tested alone.

Signed-in learners each get their own order, stable across visits (seeded by user and block), so a
right answer cannot be learned by its place. Anonymous pages are cached whole and shared, so everyone
signed out sees one fixed order per block, in which a single right answer is never last.
"""

import random


def option_order(correct_flags, block_id, user_id=None):
    """Original option indexes in display order. Answers always refer to the original indexes."""
    order = list(range(len(correct_flags)))
    if len(order) < 2:
        return order
    seed = f"{user_id}:{block_id}" if user_id is not None else f"anonymous:{block_id}"
    random.Random(seed).shuffle(order)
    right = [n for n, flag in enumerate(correct_flags) if flag]
    if user_id is None and len(right) == 1 and order[-1] == right[0]:
        order.insert(0, order.pop())
    return order
