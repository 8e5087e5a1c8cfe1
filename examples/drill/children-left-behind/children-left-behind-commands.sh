#!/bin/bash
# The trap runs and the step exits at once, but the processes it started are left running:
# entrypoint signals only the step, and waits for the output they still hold.
trap 'echo "interrupted"; exit 130' INT TERM
echo "step started"
sleep 600 &
sleep 700 &
wait
