package secrets

// SetJoinHook makes f run each time Get has joined a fetch it will wait
// for, until the returned function restores the hook.
func SetJoinHook(f func()) (restore func()) {
	old := testHookJoined
	testHookJoined = f
	return func() { testHookJoined = old }
}
