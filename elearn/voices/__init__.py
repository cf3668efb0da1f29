"""The voices that shape the programme: ASN propose and support training topics, and citizens
send feedback on public services without signing in."""
