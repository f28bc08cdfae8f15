from django.dispatch import Signal

# Sent with user and module when a learner completes a lesson for the first time.
lesson_completed = Signal()
