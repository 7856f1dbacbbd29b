-- wrk script: the same request shape as reserve.lua, to the bench-only endpoint that does nothing.
wrk.method = "POST"
wrk.path = "/bench/noop"
wrk.body = '{"idempotencyKey":"x","account":"bench","service":"sms","to":"+393471234567","text":"Your code is 1."}'
wrk.headers["Content-Type"] = "application/json"
