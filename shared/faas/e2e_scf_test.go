//go:build scf

package faas

import (
	"fmt"
	"net"
	"net/rpc"
	"testing"
	"time"
)

// TestSCFFunctionBinary builds a function for SCF, starts it the way SCF's Go
// runtime does (_LAMBDA_SERVER_PORT) and calls it over net/rpc with a
// Tencent API Gateway event.
func TestSCFFunctionBinary(t *testing.T) {
	bin := buildTestFunc(t, "scf",
		[]string{"github.com/tencentyun/scf-go-lib"},
		append([]string{"github.com/aws/aws-lambda-go", "github.com/awslabs/aws-lambda-go-api-proxy"}, forbiddenEverywhere...))

	// scf-go-lib listens on 0.0.0.0:$_LAMBDA_SERVER_PORT; pick a free port
	// and talk to it over 127.0.0.1 only.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	logs := startProcess(t, bin, fmt.Sprintf("_LAMBDA_SERVER_PORT=%d", port))

	addr := fmt.Sprintf("127.0.0.1:%d", port)
	var c *rpc.Client
	for deadline := time.Now().Add(30 * time.Second); ; {
		c, err = rpc.Dial("tcp", addr)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("function never listened on %s: %v; its output:\n%s", addr, err, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(func() { _ = c.Close() })

	m := readEvent(t, "scf/apigw-request.json")
	set(m, "path", "/release/v1/usersig")
	checkSCFRPC(t, c, mustJSON(t, m))
}
