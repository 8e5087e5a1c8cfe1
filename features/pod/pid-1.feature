@role:entrypoint @pid-namespace
Feature: The test container's first process is PID 1 of its namespace
  Every container has a PID namespace of its own (Kubernetes shares one between a pod's containers
  only when the pod sets shareProcessNamespace, which neither Prow nor ci-operator does), and its
  first process is PID 1 there. The kernel treats PID 1 differently from every other process: a
  signal reaches it only if it has a handler for that signal (SIGKILL from outside excepted), so
  a program that would die of SIGTERM anywhere else ignores the kubelet's SIGTERM as PID 1; and
  when PID 1 ends, the kernel kills everything else in the namespace at once, whatever those
  processes ignore. This is why Prow puts entrypoint first: it has the handlers, passes the
  interrupt on to the test as SIGINT and SIGTERM, and ends the container when the test is done.
  The same rules leave a window: until entrypoint has installed its handlers, a SIGTERM to it is
  lost (the reference, on Node) or even fatal (upstream, on Go: exit 2 and no marker). The README
  measures each implementation's window; the scenario below shows the part of it no
  implementation can close, a SIGTERM that arrives before entrypoint runs at all.
  (CI documentation "Timeouts and Interruptions", section entrypoint ("since it is PID 1");
  kernel: pid_namespaces(7); runc's signalling of a container's init.)

  @clause:POD-PID1-SIGNALS
  Scenario Outline: A test script that is its container's first process <fate> the kubelet's SIGTERM (<namespace>)
    Given a pod whose only container runs a test script without entrypoint
    And <sharing>
    And the pod has a termination grace period of 2s
    And the test script is:
      """
      echo "test started"
      sleep 600
      """
    When the pod starts
    And the test container has printed "test started"
    And the pod is deleted
    Then the test container <end>

    Examples: a namespace of its own, as in every Prow and ci-operator pod
      | namespace                  | sharing                                         | fate     | end                                                                      |
      | its own PID namespace      | each container has its own process namespace    | survives | is killed with SIGKILL at the end of the termination grace period        |

    Examples: a process namespace shared by the pod, where the script is an ordinary process
      | namespace                  | sharing                                         | fate     | end                                                                      |
      | a shared process namespace | the pod shares one process namespace            | dies of  | dies of SIGTERM at once                                                  |

  @role:sidecar @clause:POD-PID1-ENTRYPOINT @clause:POD-FORWARD-CHAIN
  Scenario Outline: entrypoint as PID 1 takes the kubelet's SIGTERM and passes SIGINT then SIGTERM to the test (<store>)
    Given a Prow job pod whose test has a timeout of 1m and a grace period of 2s
    And the sidecar uploads to <store>
    And the test exits with code 0 200ms after it receives SIGINT or SIGTERM
    When the pod starts
    And the test has started
    Then entrypoint is PID 1 of the test container
    When the pod is deleted
    Then the test receives SIGINT and then SIGTERM
    And the pod is gone within its termination grace period
    And the marker file contains "130"

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |

  @role:sidecar @clause:POD-PID1-ORPHANS
  Scenario Outline: When entrypoint ends, a process the test left in the background <fate> (<namespace>)
    Given a Prow job pod whose test has a timeout of 1m and a grace period of 1s
    And <sharing>
    And the sidecar uploads to a local directory
    And the test exits with code 0 after 1s, leaving a process behind that ignores every signal and holds none of its output
    When the pod starts
    And the test has started
    Then the pod ends by itself
    And the marker file contains "0"
    And the background process <end>

    @capability:local-output
    Examples: a namespace of its own: the kernel kills the rest with PID 1
      | namespace             | sharing                                      | fate                   | end                                                          |
      | its own PID namespace | each container has its own process namespace | is killed by the kernel | was gone before the test container's end was noticed         |

    @capability:local-output
    Examples: a shared process namespace: the runtime has to kill it
      | namespace                  | sharing                              | fate                                   | end                                                                     |
      | a shared process namespace | the pod shares one process namespace | outlives it until the runtime kills it | was still running when the test container ended, and the runtime killed it |

  # The termination grace period (5 s) leaves entrypoint time to start the test and the sidecar
  # time to upload, even on a loaded machine: the scenario is about a lost signal, not a race.
  @role:sidecar @hazard @held-container @clause:POD-START-WINDOW @clause:SC-UPLOAD-ON-INTERRUPT
  Scenario Outline: A pod deleted while its test container is still starting loses the kubelet's SIGTERM (<store>)
    What to do: nothing in the test can catch a signal sent before it exists; use a sidecar that
    reacts to interrupts, so that an aborted result is uploaded all the same, and a termination
    grace period long enough for that upload.

    Given a Prow job pod whose test has a timeout of 1m and a grace period of 4s
    And the sidecar uploads to <store>
    And the test runs until it is stopped
    And the test container is created but starts its program only when told
    When the pod starts
    And the pod is deleted, and the test container's program then starts
    Then the test has started
    And the test receives no signal before the kubelet kills the containers "test, sidecar" at the end of the termination grace period
    And no marker file was written
    And finished.json says the result is "ABORTED" and passed is false

    @capability:local-output
    Examples: uploading to a local directory
      | store             |
      | a local directory |

    @capability:s3
    Examples: uploading to a bucket
      | store          |
      | a MinIO bucket |
