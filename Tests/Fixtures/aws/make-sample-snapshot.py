#!/usr/bin/env python3
"""Writes Tests/Fixtures/aws/sample-snapshot: a hand-made `meshcert aws snapshot` folder.

    python3 Tests/Fixtures/aws/make-sample-snapshot.py [OUT]     (default: the sample-snapshot folder beside this script)

The layout is the snapshot contract's (docs/aws-status.md, "Snapshot folder"): DIR/snapshot.json
(schema meshcert.aws.snapshot.v1, field for field what the SnapshotManifest type writes) and one
file per successful call, exactly shaped as `aws --output json SERVICE OPERATION` prints it.
check-snapshot-shapes.py validates every file against botocore's service models, so the
fixture cannot drift from the real API. The world, at 2026-12-01 (the tests' --at):

  service   blue (mesh shop, cluster blue)         green (cluster green)          expected state
  frontend  STRICT acm, ALB 0:1 to green           SC TLS short-lived CA          migrated
  users     STRICT file (legacy env var)           SC TLS, Route 53 3:1           shifting (25%)
  orders    mutual TLS (validation)                SC TLS, ALB rule 9:1           blocked (mtls_lost)
  payments  STRICT acm, renewal FAILED             SC TLS, GENERAL_PURPOSE P-384  blocked (pca_key_algorithm_unsupported)
  search    STRICT acm ending 2026-12-20           SC TLS, 0 of 2 running         green_deployed (green_not_running)
  catalog   router 50:50 over catalog-v1, -v2      none                           blocked (weighted_routing_lost)
  stock     mesh partner shared from 444455556666  none                           not_started (cross_account_mesh)
  reviews   none (blue gone)                       SC TLS                         migrated
plus a servicediscovery list-services call that failed (AccessDenied) and an appmesh call skipped.
"""
import datetime, json, pathlib, shutil, sys

REGION, ACCOUNT = "eu-west-1", "111122223333"
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent / "sample-snapshot"
def T(day):
    """A day at midnight UTC as epoch seconds, a float as the aws CLI v1 prints timestamps."""
    return datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.timezone.utc).timestamp()

calls = []
shutil.rmtree(OUT, ignore_errors=True)

def save(service, operation, data, key=None, arguments=(), file=None, region=REGION):
    if file is None:
        slug = "" if key is None else "--" + key.split("/")[-1].split(":")[-1]
        file = f"{region}/{service}/{operation}{slug}.json"
    path = OUT / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=4) + "\n")
    calls.append(dict(region=region, service=service, operation=operation, key=key, arguments=list(arguments), file=file,
                      status="ok", error=None, attempts=1, durationMilliseconds=100 + len(calls)))

def failed(service, operation, code, message, status="failed", key=None, region=REGION):
    calls.append(dict(region=region, service=service, operation=operation, key=key, arguments=[], file=None, status=status,
                      error=dict(code=code, message=message), attempts=3 if status == "failed" else 1, durationMilliseconds=90))

# ---------------------------------------------------------------- Private CA
CA_SHORT = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/11111111-aaaa-4bbb-8ccc-000000000001"
CA_GP = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/22222222-aaaa-4bbb-8ccc-000000000002"
CA_OLD = f"arn:aws:acm-pca:{REGION}:{ACCOUNT}:certificate-authority/33333333-aaaa-4bbb-8ccc-000000000003"
def ca(arn, mode, key, status, not_after, cn):
    return {"Arn": arn, "OwnerAccount": ACCOUNT, "CreatedAt": T("2025-06-01"), "LastStateChangeAt": T("2025-06-01"), "Type": "ROOT",
            "Serial": "1", "Status": status, "NotBefore": T("2025-06-01"), "NotAfter": T(not_after),
            "CertificateAuthorityConfiguration": {"KeyAlgorithm": key, "SigningAlgorithm": "SHA256WITHECDSA" if key.startswith("EC") else "SHA256WITHRSA",
                                                  "Subject": {"CommonName": cn, "Organization": "Shop"}},
            "RevocationConfiguration": {"CrlConfiguration": {"Enabled": False}}, "KeyStorageSecurityStandard": "FIPS_140_2_LEVEL_3_OR_HIGHER",
            "UsageMode": mode}
save("acm-pca", "list-certificate-authorities", {"CertificateAuthorities": [
    ca(CA_SHORT, "SHORT_LIVED_CERTIFICATE", "EC_prime256v1", "ACTIVE", "2035-01-01", "Shop Service Connect CA"),
    ca(CA_GP, "GENERAL_PURPOSE", "EC_secp384r1", "ACTIVE", "2027-01-15", "Shop App Mesh CA"),
    ca(CA_OLD, "GENERAL_PURPOSE", "RSA_2048", "DISABLED", "2027-10-01", "Shop old CA"),
]})

# ---------------------------------------------------------------- ACM
def cert_arn(name): return f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/{name}"
def acm_cert(name, not_after, renewal):
    c = {"CertificateArn": cert_arn(name), "DomainName": f"{name}.shop.local", "SubjectAlternativeNames": [f"{name}.shop.local"],
         "Serial": "0a:01", "Subject": f"CN={name}.shop.local", "Issuer": "Shop App Mesh CA", "CreatedAt": T("2025-06-01"),
         "IssuedAt": T("2026-01-10"), "Status": "ISSUED", "NotBefore": T("2026-01-10"), "NotAfter": T(not_after), "KeyAlgorithm": "EC_prime256v1",
         "SignatureAlgorithm": "SHA256WITHECDSA", "InUseBy": [], "Type": "PRIVATE", "CertificateAuthorityArn": CA_GP,
         "RenewalEligibility": "ELIGIBLE", "KeyUsages": [{"Name": "DIGITAL_SIGNATURE"}], "ExtendedKeyUsages": [{"Name": "TLS_WEB_SERVER_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.1"}],
         "Options": {"CertificateTransparencyLoggingPreference": "DISABLED"}}
    if renewal:
        c["RenewalSummary"] = {"RenewalStatus": renewal[0], "DomainValidationOptions": [], "UpdatedAt": T("2026-11-30")}
        if renewal[1]: c["RenewalSummary"]["RenewalStatusReason"] = renewal[1]
    return c
certs = [acm_cert("frontend", "2027-10-01", None), acm_cert("payments", "2027-10-01", ("FAILED", "PCA_INVALID_STATE")),
         acm_cert("search", "2026-12-20", ("PENDING_AUTO_RENEWAL", None))]
save("acm", "list-certificates", {"CertificateSummaryList": [
    {"CertificateArn": c["CertificateArn"], "DomainName": c["DomainName"], "Type": "PRIVATE", "Status": "ISSUED", "KeyAlgorithm": "EC_prime256v1",
     "NotAfter": c["NotAfter"], "InUse": True, "RenewalEligibility": "ELIGIBLE"} for c in certs]},
     arguments=["--includes", "keyTypes=RSA_1024,RSA_2048,RSA_3072,RSA_4096,EC_prime256v1,EC_secp384r1,EC_secp521r1"])
for c in certs:
    save("acm", "describe-certificate", {"Certificate": c}, key=c["CertificateArn"], arguments=["--certificate-arn", c["CertificateArn"]])

# ---------------------------------------------------------------- App Mesh (the export script's layout)
AM = f"{REGION}/appmesh"
def meta(mesh, kind, name, owner=ACCOUNT):
    return {"arn": f"arn:aws:appmesh:{REGION}:{owner}:mesh/{mesh}" + (f"/{kind}/{name}" if kind else ""),
            "createdAt": "2025-06-01T10:00:00.123000+00:00", "lastUpdatedAt": "2025-06-01T10:00:00.123000+00:00",
            "meshOwner": owner, "resourceOwner": ACCOUNT, "uid": f"uid-{name}", "version": 1}
def listener(tls):
    return {"portMapping": {"port": 8080, "protocol": "http"}, **({"tls": tls} if tls else {})}
FILE_CERT = {"file": {"certificateChain": "/etc/envoy/certs/chain.pem", "privateKey": "/etc/envoy/certs/key.pem"}}
def node(mesh, name, tls, backends_tls=None, owner=ACCOUNT, cloud_map=None):
    spec = {"listeners": [listener(tls)],
            "serviceDiscovery": {"awsCloudMap": {"namespaceName": "shop.local", "serviceName": cloud_map or name, "attributes": []}}}
    if backends_tls: spec["backendDefaults"] = {"clientPolicy": {"tls": backends_tls}}
    return {"virtualNode": {"meshName": mesh, "virtualNodeName": name, "metadata": meta(mesh, "virtualNode", name, owner),
                            "spec": spec, "status": {"status": "ACTIVE"}}}
nodes = {
    "frontend": node("shop", "frontend", {"mode": "STRICT", "certificate": {"acm": {"certificateArn": cert_arn("frontend")}}},
                     backends_tls={"enforce": True, "validation": {"trust": {"acm": {"certificateAuthorityArns": [CA_GP]}}}}),
    "users-v1": node("shop", "users-v1", {"mode": "STRICT", "certificate": FILE_CERT}),
    "orders": node("shop", "orders", {"mode": "STRICT", "certificate": FILE_CERT,
                                      "validation": {"trust": {"file": {"certificateChain": "/etc/envoy/certs/clients-ca.pem"}}}}),
    "payments": node("shop", "payments", {"mode": "STRICT", "certificate": {"acm": {"certificateArn": cert_arn("payments")}}}),
    "search": node("shop", "search", {"mode": "STRICT", "certificate": {"acm": {"certificateArn": cert_arn("search")}}}),
    "catalog-v1": node("shop", "catalog-v1", {"mode": "STRICT", "certificate": FILE_CERT}),
    "catalog-v2": node("shop", "catalog-v2", {"mode": "STRICT", "certificate": FILE_CERT}),
}
PARTNER = "444455556666"
meshes = {"shop": ACCOUNT, "partner": PARTNER}
save("appmesh", "list-meshes", {"meshes": [{"meshName": m, "arn": meta(m, None, m, o)["arn"], "meshOwner": o, "resourceOwner": ACCOUNT,
                                            "version": 1, "createdAt": "2025-06-01T10:00:00.123000+00:00",
                                            "lastUpdatedAt": "2025-06-01T10:00:00.123000+00:00"} for m, o in meshes.items()]},
     file=f"{AM}/meshes.json")
for m, o in meshes.items():
    save("appmesh", "describe-mesh", {"mesh": {"meshName": m, "metadata": meta(m, None, m, o), "spec": {"egressFilter": {"type": "DROP_ALL"}},
                                               "status": {"status": "ACTIVE"}}}, key=m, arguments=["--mesh-name", m], file=f"{AM}/{m}/mesh.json")
mesh_nodes = {"shop": nodes, "partner": {"stock": node("partner", "stock", {"mode": "STRICT", "certificate": {"sds": {"secretName": "stock-cert"}}}, owner=PARTNER)}}
for m, ns in mesh_nodes.items():
    save("appmesh", "list-virtual-nodes", {"virtualNodes": [{"meshName": m, "virtualNodeName": n, "meshOwner": meshes[m], "resourceOwner": ACCOUNT,
                                                             "arn": v["virtualNode"]["metadata"]["arn"], "version": 1,
                                                             "createdAt": "2025-06-01T10:00:00.123000+00:00",
                                                             "lastUpdatedAt": "2025-06-01T10:00:00.123000+00:00"} for n, v in ns.items()]},
         key=m, arguments=["--mesh-name", m], file=f"{AM}/{m}/virtual-nodes.json")
    for n, v in ns.items():
        save("appmesh", "describe-virtual-node", v, key=f"{m}/{n}", arguments=["--mesh-name", m, "--virtual-node-name", n],
             file=f"{AM}/{m}/virtual-nodes/{n}.json")
save("appmesh", "describe-virtual-router", {"virtualRouter": {"meshName": "shop", "virtualRouterName": "catalog-router",
     "metadata": meta("shop", "virtualRouter", "catalog-router"), "spec": {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}}]},
     "status": {"status": "ACTIVE"}}}, key="shop/catalog-router", arguments=["--mesh-name", "shop", "--virtual-router-name", "catalog-router"],
     file=f"{AM}/shop/virtual-routers/catalog-router.json")
save("appmesh", "describe-route", {"route": {"meshName": "shop", "virtualRouterName": "catalog-router", "routeName": "catalog-route",
     "metadata": meta("shop", "virtualRouter", "catalog-router/route/catalog-route"),
     "spec": {"httpRoute": {"match": {"prefix": "/"}, "action": {"weightedTargets": [{"virtualNode": "catalog-v1", "weight": 50},
                                                                                     {"virtualNode": "catalog-v2", "weight": 50}]}}},
     "status": {"status": "ACTIVE"}}}, key="shop/catalog-router/catalog-route",
     arguments=["--mesh-name", "shop", "--virtual-router-name", "catalog-router", "--route-name", "catalog-route"],
     file=f"{AM}/shop/routes/catalog-router/catalog-route.json")
def vs(name, provider):
    return {"virtualService": {"meshName": "shop", "virtualServiceName": name, "metadata": meta("shop", "virtualService", name),
                               "spec": {"provider": provider}, "status": {"status": "ACTIVE"}}}
services_vs = {f"{s}.shop.local": {"virtualNode": {"virtualNodeName": n}} for s, n in
               [("frontend", "frontend"), ("users", "users-v1"), ("orders", "orders"), ("payments", "payments"), ("search", "search")]}
services_vs["catalog.shop.local"] = {"virtualRouter": {"virtualRouterName": "catalog-router"}}
for name, provider in services_vs.items():
    save("appmesh", "describe-virtual-service", vs(name, provider), key=f"shop/{name}",
         arguments=["--mesh-name", "shop", "--virtual-service-name", name], file=f"{AM}/shop/virtual-services/{name}.json")
failed("appmesh", "list-virtual-gateways", "not_implemented", "the endpoint does not implement ListVirtualGateways", status="skipped", key="partner")

# ---------------------------------------------------------------- ECS
def cluster_arn(c): return f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{c}"
def td_arn(family, rev=1): return f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{rev}"
def tg_arn(name): return f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{name}/0123456789abcdef"
NS_ARN = f"arn:aws:servicediscovery:{REGION}:{ACCOUNT}:namespace/ns-shop000000000001"
save("ecs", "list-clusters", {"clusterArns": [cluster_arn("blue"), cluster_arn("green")]})
save("ecs", "describe-clusters", {"clusters": [
    {"clusterArn": cluster_arn("blue"), "clusterName": "blue", "status": "ACTIVE", "runningTasksCount": 9, "activeServicesCount": 5},
    {"clusterArn": cluster_arn("green"), "clusterName": "green", "status": "ACTIVE", "runningTasksCount": 8, "activeServicesCount": 6,
     "serviceConnectDefaults": {"namespace": NS_ARN}}], "failures": []},
     arguments=["--clusters", cluster_arn("blue"), cluster_arn("green")])

def deployment(td, running, desired, sc=None, status="PRIMARY", rollout="COMPLETED", n=1):
    d = {"id": f"ecs-svc/{n:019d}", "status": status, "taskDefinition": td, "desiredCount": desired, "pendingCount": 0,
         "runningCount": running, "failedTasks": 0, "createdAt": T("2026-01-10"), "updatedAt": T("2026-01-10"), "launchType": "FARGATE",
         "rolloutState": rollout, "rolloutStateReason": "ECS deployment ecs-svc in progress." if rollout == "IN_PROGRESS" else "ECS deployment completed."}
    if sc is not None: d["serviceConnectConfiguration"] = sc
    return d
def service(cluster, name, td, running, desired, tgs=(), deployments=None):
    return {"serviceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}", "serviceName": name, "clusterArn": cluster_arn(cluster),
            "loadBalancers": [{"targetGroupArn": tg_arn(t), "containerName": "app", "containerPort": 8080} for t in tgs],
            "serviceRegistries": [], "status": "ACTIVE", "desiredCount": desired, "runningCount": running, "pendingCount": 0,
            "launchType": "FARGATE", "taskDefinition": td, "deployments": deployments or [deployment(td, running, desired)],
            "createdAt": T("2025-06-01"), "schedulingStrategy": "REPLICA"}
def sc(discovery, alias=None, ca=CA_SHORT):
    s = {"portName": "http", "discoveryName": discovery, "clientAliases": [{"port": 8080, "dnsName": alias or f"{discovery}.shop.local"}]}
    if ca: s["tls"] = {"issuerCertificateAuthority": {"awsPcaAuthorityArn": ca}, "roleArn": f"arn:aws:iam::{ACCOUNT}:role/ecs-sc-tls"}
    return {"enabled": True, "namespace": NS_ARN, "services": [s]}

blue_nodes = {"frontend": ("frontend", 2, ["blue-frontend"]), "users": ("users-v1", 2, []), "orders": ("orders", 2, ["blue-orders"]),
              "payments": ("payments", 1, []), "search": ("search", 2, [])}
blue = [service("blue", s, td_arn(f"blue-{s}"), r, r, tgs) for s, (n, r, tgs) in blue_nodes.items()]
blue.append(service("blue", "stock", td_arn("blue-stock"), 1, 1))
green = [
    service("green", "frontend", td_arn("green-frontend"), 2, 2, ["green-frontend"], [deployment(td_arn("green-frontend"), 2, 2, sc("frontend"))]),
    service("green", "users", td_arn("green-users"), 2, 2, [], [deployment(td_arn("green-users"), 2, 2, sc("users", "users.sc.shop.local"))]),
    service("green", "orders", td_arn("green-orders"), 1, 1, ["green-orders"], [deployment(td_arn("green-orders"), 1, 1, sc("orders"))]),
    service("green", "payments", td_arn("green-payments"), 1, 1, [], [deployment(td_arn("green-payments"), 1, 1, sc("payments", ca=CA_GP))]),
    service("green", "search", td_arn("green-search", 2), 0, 2, [], [
        deployment(td_arn("green-search", 2), 0, 2, sc("search"), rollout="IN_PROGRESS", n=2),
        deployment(td_arn("green-search", 1), 0, 0, sc("search"), status="ACTIVE", n=1)]),
    service("green", "reviews", td_arn("green-reviews"), 1, 1, [], [deployment(td_arn("green-reviews"), 1, 1, sc("reviews"))]),
]
for c, svcs in [("blue", blue), ("green", green)]:
    save("ecs", "list-services", {"serviceArns": [s["serviceArn"] for s in svcs]}, key=cluster_arn(c), arguments=["--cluster", cluster_arn(c)])
    save("ecs", "describe-services", {"services": svcs, "failures": []}, key=cluster_arn(c),
         arguments=["--cluster", cluster_arn(c), "--services"] + [s["serviceArn"] for s in svcs], file=f"{REGION}/ecs/describe-services--{c}-batch-1.json")

def task_definition(arn, node=None, legacy=False):
    family, rev = arn.split("/")[-1].split(":")
    containers = [{"name": "app", "image": "public.ecr.aws/shop/app:1", "essential": True, "environment": [{"name": "PORT", "value": "8080"}],
                   "portMappings": [{"containerPort": 8080, "protocol": "tcp", "name": "http"}]}]
    td = {"taskDefinitionArn": arn, "family": family, "revision": int(rev), "containerDefinitions": containers, "networkMode": "awsvpc",
          "status": "ACTIVE", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512"}
    if node:
        mesh, name = node
        env = ({"name": "APPMESH_VIRTUAL_NODE_NAME", "value": f"mesh/{mesh}/virtualNode/{name}"} if legacy else
               {"name": "APPMESH_RESOURCE_ARN", "value": f"arn:aws:appmesh:{REGION}:{ACCOUNT}:mesh/{mesh}/virtualNode/{name}"})
        containers.append({"name": "envoy", "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.5.0-prod", "essential": True,
                           "environment": [env], "user": "1337"})
        td["proxyConfiguration"] = {"type": "APPMESH", "containerName": "envoy", "properties": [
            {"name": "IgnoredUID", "value": "1337"}, {"name": "ProxyIngressPort", "value": "15000"}, {"name": "ProxyEgressPort", "value": "15001"},
            {"name": "AppPorts", "value": "8080"}, {"name": "EgressIgnoredIPs", "value": "169.254.170.2,169.254.169.254"}]}
    return {"taskDefinition": td}
tds = [task_definition(td_arn(f"blue-{s}"), ("shop", n), legacy=(s == "users")) for s, (n, _, _) in blue_nodes.items()]
tds.append(task_definition(td_arn("blue-stock"), ("partner", "stock")))
tds += [task_definition(td_arn(f"green-{s}")) for s in ["frontend", "users", "orders", "payments", "reviews"]]
tds += [task_definition(td_arn("green-search", 2)), task_definition(td_arn("green-search", 1))]
for td in tds:
    arn = td["taskDefinition"]["taskDefinitionArn"]
    save("ecs", "describe-task-definition", td, key=arn, arguments=["--task-definition", arn],
         file=f"{REGION}/ecs/describe-task-definition--{arn.split('/')[-1].replace(':', '-')}.json")

# ---------------------------------------------------------------- Cloud Map
save("servicediscovery", "list-namespaces", {"Namespaces": [{"Id": "ns-shop000000000001", "Arn": NS_ARN, "Name": "shop.local", "Type": "HTTP",
                                                             "Properties": {"HttpProperties": {"HttpName": "shop.local"}},
                                                             "CreateDate": T("2025-06-01")}]})
failed("servicediscovery", "list-services", "AccessDeniedException",
       "User: arn:aws:sts::111122223333:assumed-role/auditor/x is not authorized to perform: servicediscovery:ListServices")

# ---------------------------------------------------------------- Route 53 (global)
ZONE = "Z0123456789SHOPEXAMPLE"
save("route53", "get-hosted-zone", {"HostedZone": {"Id": f"/hostedzone/{ZONE}", "Name": "shop.example.com.", "CallerReference": "shop",
                                                   "Config": {"PrivateZone": False}, "ResourceRecordSetCount": 4}, "DelegationSet": {"NameServers": ["ns-1.awsdns-00.com"]}},
     key=ZONE, arguments=["--id", ZONE], region="global")
save("route53", "list-resource-record-sets", {"ResourceRecordSets": [
    {"Name": "shop.example.com.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-00.com."}]},
    {"Name": "users.shop.example.com.", "Type": "CNAME", "SetIdentifier": "blue", "Weight": 3, "TTL": 60,
     "ResourceRecords": [{"Value": "users.shop.local"}]},
    {"Name": "users.shop.example.com.", "Type": "CNAME", "SetIdentifier": "green", "Weight": 1, "TTL": 60,
     "ResourceRecords": [{"Value": "users.sc.shop.local"}]},
]}, key=ZONE, arguments=["--hosted-zone-id", ZONE], region="global")

# ---------------------------------------------------------------- ALB
LB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/shop-alb/50dc6c495c0c9188"
LISTENER = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/shop-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
save("elbv2", "describe-load-balancers", {"LoadBalancers": [{"LoadBalancerArn": LB, "DNSName": "shop-alb-1234567890.eu-west-1.elb.amazonaws.com",
     "CanonicalHostedZoneId": "Z32O12XQLNTSW2", "CreatedTime": "2025-06-01T10:00:00.000Z", "LoadBalancerName": "shop-alb", "Scheme": "internet-facing",
     "VpcId": "vpc-0abc", "State": {"Code": "active"}, "Type": "application", "IpAddressType": "ipv4"}]})
tgs = ["blue-frontend", "green-frontend", "blue-orders", "green-orders"]
save("elbv2", "describe-target-groups", {"TargetGroups": [{"TargetGroupArn": tg_arn(t), "TargetGroupName": t, "Protocol": "HTTP", "Port": 8080,
     "VpcId": "vpc-0abc", "TargetType": "ip", "LoadBalancerArns": [LB]} for t in tgs]})
def forward(pairs):
    return {"Type": "forward", "ForwardConfig": {"TargetGroups": [{"TargetGroupArn": tg_arn(t), "Weight": w} for t, w in pairs],
                                                 "TargetGroupStickinessConfig": {"Enabled": False}}}
default = [forward([("blue-frontend", 0), ("green-frontend", 1)])]
save("elbv2", "describe-listeners", {"Listeners": [{"ListenerArn": LISTENER, "LoadBalancerArn": LB, "Port": 443, "Protocol": "HTTPS",
     "Certificates": [{"CertificateArn": cert_arn("frontend")}], "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "DefaultActions": default}]},
     key=LB, arguments=["--load-balancer-arn", LB])
save("elbv2", "describe-rules", {"Rules": [
    {"RuleArn": LISTENER.replace(":listener/", ":listener-rule/") + "/9683b2d02a6cabee", "Priority": "10", "IsDefault": False,
     "Conditions": [{"Field": "path-pattern", "Values": ["/orders/*"], "PathPatternConfig": {"Values": ["/orders/*"]}}],
     "Actions": [forward([("blue-orders", 9), ("green-orders", 1)])]},
    {"RuleArn": LISTENER.replace(":listener/", ":listener-rule/") + "/0000000000000000", "Priority": "default", "IsDefault": True,
     "Conditions": [], "Actions": default},
]}, key=LISTENER, arguments=["--listener-arn", LISTENER])

# ---------------------------------------------------------------- snapshot.json (SnapshotManifest's field order)
calls.sort(key=lambda c: (c["region"], c["service"], c["operation"], c["key"] or ""))
summary = {s: sum(1 for c in calls if c["status"] == s) for s in ("ok", "failed", "skipped")}
manifest = {"schema": "meshcert.aws.snapshot.v1", "takenAt": "2026-11-30T12:00:00Z", "profile": None, "endpointURL": None,
            "regions": [REGION, "global"], "filters": {"meshes": [], "clusters": [], "hostedZones": [ZONE]}, "calls": calls, "summary": summary}
(OUT / "snapshot.json").write_text(json.dumps(manifest, indent=2) + "\n")
print(f"{OUT}: {len(calls)} calls ({summary['ok']} ok, {summary['failed']} failed, {summary['skipped']} skipped)")
