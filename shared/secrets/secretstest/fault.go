package secretstest

// Fault makes a fake endpoint misbehave the way the real service can.
type Fault int

// Faults the endpoints can inject.
const (
	NoFault     Fault = iota
	ServerError       // HTTP 500
	Throttle          // the service's throttling error
	Hang              // never answer (until the client gives up or the test ends)
	Malformed         // a 200 reply that is not valid JSON
)
