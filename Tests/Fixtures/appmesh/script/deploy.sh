#!/usr/bin/env bash
set -euo pipefail
kubectl apply -f - <<YAML
apiVersion: appmesh.k8s.aws/v1beta2
kind: Mesh
metadata:
  name: ${MESH_NAME}
spec:
  namespaceSelector:
    matchLabels:
      mesh: ${MESH_NAME}
YAML
