"""newsdesk.deliver"""
