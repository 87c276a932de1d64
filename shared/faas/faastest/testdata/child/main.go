// Command child prints its arguments and one variable, then waits for an
// interrupt and exits 0: faastest's Process test drives it.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	fmt.Printf("args=%s given=%q leaked=%q\n", strings.Join(os.Args[1:], ","), os.Getenv("FAASTEST_GIVEN"), os.Getenv("FAASTEST_LEAK"))
	fmt.Fprintln(os.Stderr, "ready")
	<-c
	fmt.Println("interrupted")
}
