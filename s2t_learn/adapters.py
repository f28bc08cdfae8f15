from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        # Neutral subjects only: no site name that hints at domestic abuse.
        return subject
