//go:build scf

package faas

import (
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

// TestSCFFunctionBinary builds a function for SCF, starts it the way SCF's Go
// runtime does (_LAMBDA_SERVER_PORT) and calls it over net/rpc with a
// Tencent API Gateway event.
func TestSCFFunctionBinary(t *testing.T) {
	bin := buildTestFunc(t, "scf",
		[]string{"github.com/tencentyun/scf-go-lib"},
		append([]string{"github.com/aws/aws-lambda-go", "github.com/awslabs/aws-lambda-go-api-proxy"}, forbiddenEverywhere...))
	fn := faastest.StartSCF(t, bin)

	m := readEvent(t, "scf/apigw-request.json")
	faastest.Set(m, "path", "/release/v1/usersig")
	checkSCFRPC(t, fn.Call, faastest.MustJSON(t, m))
}
