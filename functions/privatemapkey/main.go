// Command privatemapkey is the ticketbooth function that serves POST /v1/privatemapkey on
// AWS Lambda (default build, -tags lambda.norpc) or Tencent SCF (-tags scf);
// any other path is the API's 404. It is wiring only: faas.Main configures
// the API from the environment (see docs/configuration.md).
package main

import "github.com/ticketbooth/ticketbooth/shared/faas"

func main() { faas.Main("/v1/privatemapkey") }
