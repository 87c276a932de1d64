package tlssig

// Decode reads what a ticket says, v1 or v2, without checking its
// signature: for display and diagnosis only, never for a decision. The
// envelope and document are checked as strictly as by the verifiers.
func Decode(ticket string) (*Ticket, error) {
	u := getUnpacker()
	defer putUnpacker(u)
	p := &u.p
	if err := u.parse(ticket, p); err != nil {
		return nil, err
	}
	return p.ticket(string(p.ident)), nil
}
