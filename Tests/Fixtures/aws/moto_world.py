#!/usr/bin/env python3
"""A local AWS for `meshcert aws`: moto in-process on loopback, with a migration world in it.

    Tests/Fixtures/aws/moto_world.py --world test|demo|bench [--services N] [--region R]
        [--deny SERVICE]... [--throttle OPERATION=K]... [--port P]

Starts moto's ThreadedMotoServer on 127.0.0.1 (a free port unless --port), patches moto where it
drops fields the real API returns (ECS Service Connect per deployment and running counts, AWS
Private CA UsageMode, ACM renewal fields), builds the world through the real APIs (boto3 over
HTTP), then prints ONE line of JSON on stdout:

    {"endpoint": "http://127.0.0.1:PORT", "region": "eu-west-1", "hostedZones": {...}, ...}

and stays up until stdin closes or SIGTERM/SIGINT. On the way out it prints a second JSON line:
{"requests": {"ecs.ListServices": 3, ...}, "shapeProblems": [...], "droppedFields": [...]}:
every request moto answered; every value of a JSON answer whose type or enum value does not fit
botocore's output shape (the model the aws CLI parses with); and every field the model does not
have (the CLI drops it silently: moto's extras, or a patched field spelled wrong), so fixtures
cannot drift from the real API.

Knobs for bad cases:
  --deny SERVICE         every call of one service (aws CLI name: acm, ecs, appmesh...) answers
                         AccessDeniedException (HTTP 400/403, in the service's protocol)
  --throttle OP=K        the first K calls of an API operation (ListServices, DescribeServices,
                         ListCertificates...) answer ThrottlingException / Throttling
  ECS list-services answers 10 services a page, as the real API does by default, so a cluster
  of more than 10 services is read over several pages.
Fake credentials only; nothing leaves loopback.
"""
import argparse
import copy
import glob
import io
import json
import os
import re
import signal
import socket
import sys
import threading

# Never a real account: fake credentials, no shared config, before boto3 is imported.
for key, value in {"AWS_ACCESS_KEY_ID": "meshcerttest", "AWS_SECRET_ACCESS_KEY": "meshcerttest",
                   "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}.items():
    os.environ[key] = value
os.environ.pop("AWS_PROFILE", None)
os.environ.pop("AWS_SESSION_TOKEN", None)
os.environ.pop("AWS_ENDPOINT_URL", None)

import boto3  # noqa: E402
import botocore.session  # noqa: E402
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402
from moto.server import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

ACCOUNT = "123456789012"
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
BOTO = botocore.session.get_session()
# Signing name (credential scope) -> aws CLI service name.
SIGNING = {"appmesh": "appmesh", "acm-pca": "acm-pca", "acm": "acm", "ecs": "ecs", "servicediscovery": "servicediscovery",
           "route53": "route53", "elasticloadbalancing": "elbv2", "ec2": "ec2"}


# ---------------------------------------------------------------------------------------------
# Patches: fields the real API returns that moto drops or fixes.

def patch_moto():
    from moto.acm import models as acm_models
    from moto.acmpca import responses as pca_responses
    from moto.ecs import responses as ecs_responses
    from moto.core.responses import ActionResult

    # AWS Private CA: UsageMode is a create parameter (default GENERAL_PURPOSE); moto ignores it
    # and always says SHORT_LIVED_CERTIFICATE.
    original_create_ca = pca_responses.ACMPCAResponse.create_certificate_authority

    def create_certificate_authority(self):
        result = original_create_ca(self)
        arn = json.loads(result)["CertificateAuthorityArn"] if isinstance(result, str) else None
        if arn:
            self.acmpca_backend.certificate_authorities[arn].usage_mode = self._get_param("UsageMode") or "GENERAL_PURPOSE"
        return result
    pca_responses.ACMPCAResponse.create_certificate_authority = create_certificate_authority

    # ACM: a private certificate is eligible for renewal and has a renewal summary once ACM
    # tried; moto always says INELIGIBLE. World builders set `renewal` on a bundle.
    original_describe = acm_models.CertBundle.describe

    def describe(self):
        result = original_describe(self)
        cert = result["Certificate"]
        if self.cert_authority_arn is not None:
            cert["Type"] = "PRIVATE"
            cert["RenewalEligibility"] = "ELIGIBLE"
        renewal = getattr(self, "renewal", None)
        if renewal:
            cert["RenewalSummary"] = renewal
        return result
    acm_models.CertBundle.describe = describe

    # ECS list-services: the real API answers 10 ARNs a page by default (maxResults up to 100).
    def list_services(self):
        arns = self.ecs_backend.list_services(self._get_param("cluster", "default"), self._get_param("schedulingStrategy"),
                                              launch_type=self._get_param("launchType"))
        size = int(self._get_param("maxResults") or 10)
        start = int(self._get_param("nextToken") or 0)
        page = {"serviceArns": arns[start:start + size]}
        if start + size < len(arns):
            page["nextToken"] = str(start + size)
        return ActionResult(page)
    ecs_responses.EC2ContainerServiceResponse.list_services = list_services


def ecs_service(region, cluster, name):
    from moto.ecs.models import ecs_backends
    return ecs_backends[ACCOUNT][region].services[f"{cluster}:{name}"]


def set_running(region, cluster, name, running, connect=None, in_progress=None):
    """Running count and Service Connect on the PRIMARY deployment (moto keeps neither); an
    optional second, IN_PROGRESS deployment beside it."""
    service = ecs_service(region, cluster, name)
    service.running_count = running
    service.pending_count = max(0, service.desired_count - running)
    primary = service.deployments[0]
    primary.update({"runningCount": running, "pendingCount": service.pending_count,
                    "rolloutState": "COMPLETED" if running >= service.desired_count else "IN_PROGRESS"})
    if connect is not None:
        primary["serviceConnectConfiguration"] = connect
    if in_progress is not None:
        extra = copy.deepcopy(primary)
        extra.update({"id": primary["id"] + "-next", "status": "ACTIVE", "rolloutState": "IN_PROGRESS", "runningCount": 0})
        extra.update(in_progress)
        service.deployments.append(extra)


# ---------------------------------------------------------------------------------------------
# Knobs and shape checks: a WSGI layer in front of moto.

class Knobs:
    def __init__(self, deny, throttle):
        self.deny = set(deny)
        self.throttle = dict(throttle)
        self.requests = {}
        self.problems = []
        self.dropped = []
        self.lock = threading.Lock()


def request_identity(environ, body):
    """(aws CLI service, API operation or None, protocol) of a request."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    service = None
    if "Credential=" in auth:
        scope = auth.split("Credential=")[1].split(",")[0].split("/")
        if len(scope) >= 4:
            service = SIGNING.get(scope[3], scope[3])
    if service is None:
        return None, None, None
    model = BOTO.get_service_model(service)
    protocol = model.metadata["protocol"]
    operation = None
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        operation = target.split(".")[-1]
    elif protocol == "query":
        for part in body.decode("utf-8", "replace").split("&"):
            if part.startswith("Action="):
                operation = part[len("Action="):]
    else:
        operation = rest_operation(model, environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", ""))
    return service, operation, protocol


def rest_operation(model, method, path):
    """The operation of a REST request: the modelled requestUri whose fixed segments match."""
    parts = [p for p in path.split("/") if p]
    best = None
    for name in model.operation_names:
        http = model.operation_model(name).http
        if http.get("method") != method:
            continue
        uri = [p for p in http.get("requestUri", "").split("?")[0].split("/") if p]
        if len(uri) != len(parts):
            continue
        if all(u.startswith("{") or u == p for u, p in zip(uri, parts)):
            fixed = sum(1 for u in uri if not u.startswith("{"))
            if best is None or fixed > best[0]:
                best = (fixed, name)
    return best[1] if best else None


def error_response(protocol, code, message, status):
    if protocol in ("json",):
        return status, [("Content-Type", "application/x-amz-json-1.1")], json.dumps({"__type": code, "message": message})
    if protocol == "rest-json":
        return status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", code)], json.dumps({"message": message})
    body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
            f"<RequestId>meshcert-world</RequestId></ErrorResponse>")
    return status, [("Content-Type", "text/xml")], body


def check_shape(shape, value, path, problems, dropped):
    """problems: a value of the wrong type or outside the model's enum (what the aws CLI would
    misread); dropped: a field the model does not have (moto's extras: the aws CLI drops them,
    so no snapshot holds them and nothing may rely on them). Timestamps: epoch numbers or text."""
    kind = shape.type_name
    if value is None:
        return
    if kind == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object")
            return
        for key, item in value.items():
            if key not in shape.members:
                dropped.append(f"{path}.{key}")
            else:
                check_shape(shape.members[key], item, f"{path}.{key}", problems, dropped)
    elif kind == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list")
            return
        for n, item in enumerate(value):
            check_shape(shape.member, item, f"{path}[{n}]", problems, dropped)
    elif kind == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map")
    elif kind == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a string")
        elif getattr(shape, "enum", None) and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of the model's values")
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: expected an integer")
    elif kind == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected a boolean")
    elif kind == "timestamp":
        if not isinstance(value, (int, float, str)):
            problems.append(f"{path}: expected a timestamp")


def check_document(service, operation, document):
    """(problems, dropped fields) of one JSON output document against botocore's output shape.
    A REST output with a payload member (App Mesh's describe-*) has that member as its body."""
    model = BOTO.get_service_model(service)
    shape = model.operation_model(operation).output_shape
    problems, dropped = [], []
    if shape is not None:
        payload = shape.serialization.get("payload")
        if payload:
            document = {payload: document}
        check_shape(shape, document, f"{service}.{operation}", problems, dropped)
    # List indexes say nothing: one entry per field and place.
    return problems, sorted(set(re.sub(r"\[\d+\]", "[]", d) for d in dropped))


def knob_layer(app, knobs):
    def layer(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        service, operation, protocol = request_identity(environ, body)
        name = f"{service}.{operation}"
        with knobs.lock:
            count = knobs.requests.get(name, 0) + 1
            knobs.requests[name] = count
        if service in knobs.deny:
            status, headers, text = error_response(protocol, "AccessDeniedException" if protocol != "query" else "AccessDenied",
                                                   f"User: arn:aws:iam::{ACCOUNT}:user/meshcert-test is not authorized to perform: "
                                                   f"{service}:{operation} because no identity-based policy allows it", 403
                                                   if protocol != "json" else 400)
            start_response(f"{status} Error", headers)
            return [text.encode()]
        if operation in knobs.throttle and count <= knobs.throttle[operation]:
            code = "ThrottlingException" if protocol in ("json", "rest-json") else "Throttling"
            status, headers, text = error_response(protocol, code, "Rate exceeded", 400)
            start_response(f"{status} Error", headers)
            return [text.encode()]
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            return start_response(status, headers, exc_info)
        chunks = list(app(environ, capture))
        if protocol in ("json", "rest-json") and operation and captured.get("status", "").startswith("200"):
            try:
                document = json.loads(b"".join(chunks) or b"{}")
                problems, dropped = check_document(service, operation, document)
            except ValueError:
                problems, dropped = [f"{name}: answer is not JSON"], []
            with knobs.lock:
                knobs.problems.extend(p for p in problems if p not in knobs.problems)
                knobs.dropped.extend(d for d in dropped if d not in knobs.dropped)
        return chunks
    return layer


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class WorldServer(ThreadedMotoServer):
    def __init__(self, port, knobs):
        super().__init__(ip_address="127.0.0.1", port=port, verbose=False)
        self.knobs = knobs

    def _server_entry(self):
        app = knob_layer(DomainDispatcherApplication(create_backend_app), self.knobs)
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=QuietHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# World building, through the APIs.

class World:
    def __init__(self, endpoint, region):
        self.endpoint = endpoint
        self.region = region
        self.out = {"endpoint": endpoint, "region": region, "account": ACCOUNT}

    def client(self, service, region=None):
        return boto3.client(service, region_name=region or self.region, endpoint_url=self.endpoint)

    # AWS Private CA: a root CA, activated with its own self-signed certificate.
    def private_ca(self, name, usage_mode, key_algorithm="RSA_2048", signing="SHA256WITHRSA"):
        pca = self.client("acm-pca")
        arn = pca.create_certificate_authority(
            CertificateAuthorityType="ROOT", UsageMode=usage_mode,
            CertificateAuthorityConfiguration={"KeyAlgorithm": key_algorithm, "SigningAlgorithm": signing,
                                               "Subject": {"CommonName": name, "Organization": "Meshcert Shop"}},
        )["CertificateAuthorityArn"]
        csr = pca.get_certificate_authority_csr(CertificateAuthorityArn=arn)["Csr"]
        issued = pca.issue_certificate(CertificateAuthorityArn=arn, Csr=csr, SigningAlgorithm="SHA256WITHRSA",
                                       TemplateArn="arn:aws:acm-pca:::template/RootCACertificate/V1",
                                       Validity={"Value": 3650, "Type": "DAYS"})["CertificateArn"]
        cert = pca.get_certificate(CertificateAuthorityArn=arn, CertificateArn=issued)["Certificate"]
        pca.import_certificate_authority_certificate(CertificateAuthorityArn=arn, Certificate=cert.encode())
        return arn

    def acm_certificate(self, domain, ca_arn, renewal=None):
        arn = self.client("acm").request_certificate(DomainName=domain, CertificateAuthorityArn=ca_arn)["CertificateArn"]
        if renewal:
            from moto.acm.models import acm_backends
            acm_backends[ACCOUNT][self.region]._certificates[arn].renewal = renewal
        return arn

    def mesh_from_certs(self, mesh, substitutions):
        """The demo mesh of Certs/appmesh/aws/shop: nodes, routers and routes as shipped (moto
        implements neither virtual services nor gateways: those answer 404, recorded as skipped)."""
        appmesh = self.client("appmesh")
        appmesh.create_mesh(meshName=mesh, spec={"egressFilter": {"type": "DROP_ALL"}})
        base = os.path.join(REPO, "Certs", "appmesh", "aws", "shop")

        def spec(path, key):
            text = open(path).read()
            for pattern, new in substitutions.items():
                text = re.sub(pattern, new, text)
            return json.loads(text)[key]["spec"]
        for path in sorted(glob.glob(os.path.join(base, "virtual-nodes", "*.json"))):
            name = os.path.basename(path)[:-5]
            appmesh.create_virtual_node(meshName=mesh, virtualNodeName=name, spec=spec(path, "virtualNode"))
        for path in sorted(glob.glob(os.path.join(base, "virtual-routers", "*.json"))):
            name = os.path.basename(path)[:-5]
            appmesh.create_virtual_router(meshName=mesh, virtualRouterName=name, spec=spec(path, "virtualRouter"))
            for route in sorted(glob.glob(os.path.join(base, "routes", name, "*.json"))):
                appmesh.create_route(meshName=mesh, virtualRouterName=name, routeName=os.path.basename(route)[:-5],
                                     spec=spec(route, "route"))

    def task_definition(self, family, appmesh_node=None, legacy_env=False):
        """An application container, and for App Mesh an Envoy container naming its virtual node
        (APPMESH_RESOURCE_ARN, or the older APPMESH_VIRTUAL_NODE_NAME) and the APPMESH proxy."""
        containers = [{"name": "app", "image": f"example.com/{family}:1", "memory": 256, "essential": True,
                       "portMappings": [{"containerPort": 8080, "name": "http"}]}]
        extra = {}
        if appmesh_node:
            mesh, node = appmesh_node
            env = ([{"name": "APPMESH_VIRTUAL_NODE_NAME", "value": f"mesh/{mesh}/virtualNode/{node}"}] if legacy_env else
                   [{"name": "APPMESH_RESOURCE_ARN",
                     "value": f"arn:aws:appmesh:{self.region}:{ACCOUNT}:mesh/{mesh}/virtualNode/{node}"}])
            containers.append({"name": "envoy", "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
                               "memory": 256, "essential": True, "environment": env,
                               "secrets": [{"name": "TLS_KEY", "valueFrom": f"arn:aws:secretsmanager:{self.region}:{ACCOUNT}:secret:{family}-tls"}]})
            extra["proxyConfiguration"] = {"type": "APPMESH", "containerName": "envoy", "properties": [
                {"name": "AppPorts", "value": "8080"}, {"name": "ProxyIngressPort", "value": "15000"},
                {"name": "ProxyEgressPort", "value": "15001"}, {"name": "IgnoredUID", "value": "1337"}]}
        return self.client("ecs").register_task_definition(family=family, containerDefinitions=containers,
                                                           **extra)["taskDefinition"]["taskDefinitionArn"]

    def ecs_service(self, cluster, name, task_definition, desired, running, connect=None, load_balancers=None,
                    registries=None, in_progress=None):
        kwargs = {}
        if load_balancers:
            kwargs["loadBalancers"] = load_balancers
        if registries:
            kwargs["serviceRegistries"] = registries
        self.client("ecs").create_service(cluster=cluster, serviceName=name, taskDefinition=task_definition,
                                          desiredCount=desired, **kwargs)
        set_running(self.region, cluster, name, running, connect=connect, in_progress=in_progress)

    def service_connect(self, namespace, port_name, discovery, alias_port, dns, ca_arn=None):
        service = {"portName": port_name, "discoveryName": discovery, "clientAliases": [{"port": alias_port, "dnsName": dns}]}
        if ca_arn:
            service["tls"] = {"issuerCertificateAuthority": {"awsPcaAuthorityArn": ca_arn},
                              "kmsKey": f"arn:aws:kms:{self.region}:{ACCOUNT}:key/3b1e6c4e-meshcert",
                              "roleArn": f"arn:aws:iam::{ACCOUNT}:role/ecs-service-connect-tls"}
        return {"enabled": True, "namespace": namespace, "services": [service]}

    def cloud_map(self, namespace, services):
        sd = self.client("servicediscovery")
        sd.create_http_namespace(Name=namespace)
        ns = next(n for n in sd.list_namespaces()["Namespaces"] if n["Name"] == namespace)
        arns = {}
        for s in services:
            arns[s] = sd.create_service(Name=s, NamespaceId=ns["Id"])["Service"]["Arn"]
        return ns["Arn"], arns

    def weighted_zone(self, zone, record, sets):
        """A hosted zone with one weighted entry point: sets = [(id, weight, target)]."""
        r53 = self.client("route53")
        zone_id = r53.create_hosted_zone(Name=zone, CallerReference=f"meshcert-{zone}")["HostedZone"]["Id"].split("/")[-1]
        changes = [{"Action": "CREATE", "ResourceRecordSet": {"Name": record, "Type": "CNAME", "SetIdentifier": sid,
                                                              "Weight": weight, "TTL": 60, "ResourceRecords": [{"Value": target}]}}
                   for sid, weight, target in sets]
        r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": changes})
        self.out.setdefault("hostedZones", {})[zone] = zone_id
        return zone_id

    def alb(self, name, blue_tg, green_tg, weights=(3, 1)):
        """An ALB whose default action and one rule forward to weighted target groups."""
        ec2 = self.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{n}.0/24", AvailabilityZone=f"{self.region}{z}")["Subnet"]["SubnetId"]
                   for n, z in ((1, "a"), (2, "b"))]
        elb = self.client("elbv2")
        lb = elb.create_load_balancer(Name=name, Subnets=subnets, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        groups = {}
        for tg in (blue_tg, green_tg):
            groups[tg] = elb.create_target_group(Name=tg, Protocol="HTTP", Port=8080, VpcId=vpc,
                                                 TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        forward = [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
            {"TargetGroupArn": groups[blue_tg], "Weight": weights[0]}, {"TargetGroupArn": groups[green_tg], "Weight": weights[1]}]}}]
        listener = elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward)["Listeners"][0]["ListenerArn"]
        elb.create_rule(ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
                        Actions=forward)
        self.out["loadBalancer"] = lb
        return groups


def build_shop(world, migration):
    """The demo shop (Certs/appmesh): blue in App Mesh and ECS, green in Service Connect.
    migration: 'test' (every kind of case) or 'demo' (half migrated, one entry point at 3:1)."""
    r = world.region
    gp = world.private_ca("Shop Root CA", "GENERAL_PURPOSE")
    short = world.private_ca("Shop Service Connect CA", "SHORT_LIVED_CERTIFICATE", "EC_prime256v1", "SHA256WITHECDSA")
    cas = {"general_purpose": gp, "short_lived": short}
    stock_cert = world.acm_certificate("stock.apps.local", gp)
    frontend_cert = world.acm_certificate("frontend.apps.local", gp, renewal={
        "RenewalStatus": "FAILED", "DomainValidationOptions": [{"DomainName": "frontend.apps.local", "ValidationStatus": "FAILED"}],
        "RenewalStatusReason": "PCA_ACCESS_DENIED", "UpdatedAt": 1796000000.0} if migration == "test" else None)
    world.out["certificates"] = {"stock": stock_cert, "frontend": frontend_cert}
    # The shipped export names an ACM certificate and a PCA of account 111122223333: the world's own.
    world.mesh_from_certs("shop", {
        r"arn:aws:acm:eu-west-1:111122223333:certificate/[0-9a-f-]+": stock_cert,
        r"arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/[0-9a-f-]+": gp,
    })
    ecs = world.client("ecs")
    namespace, registries = world.cloud_map("apps.local", ["frontend", "users", "stock"])
    ecs.create_cluster(clusterName="blue")
    ecs.create_cluster(clusterName="green", serviceConnectDefaults={"namespace": namespace})
    for node, legacy in (("frontend", False), ("users", True), ("stock", False), ("stock-v2", False)):
        td = world.task_definition(f"{node}-blue", ("shop", node), legacy_env=legacy)
        world.ecs_service("blue", node, td, 2, 2, registries=[{"registryArn": registries.get(node, registries["stock"])}])
    world.out["clusters"] = ["blue", "green"]

    if migration == "test":
        p384 = world.private_ca("Shop P-384 CA", "SHORT_LIVED_CERTIFICATE", "EC_secp384r1", "SHA384WITHECDSA")
        cas["p384"] = p384
        groups = world.alb("shop-alb", "frontend-blue", "frontend-green")
        td = world.task_definition("frontend-green")
        world.ecs_service("green", "frontend", td, 2, 2,
                          connect=world.service_connect(namespace, "http", "frontend", 9000, "frontend.apps.local", short),
                          load_balancers=[{"targetGroupArn": groups["frontend-green"], "containerName": "app", "containerPort": 8080}])
        td = world.task_definition("users-green")
        world.ecs_service("green", "users", td, 2, 1,
                          connect=world.service_connect(namespace, "http", "users", 8080, "users.apps.local", p384),
                          in_progress={"taskDefinition": td})
        td = world.task_definition("stock-green")
        world.ecs_service("green", "stock", td, 2, 0,
                          connect=world.service_connect(namespace, "http", "stock", 8080, "stock.apps.local"))
        world.weighted_zone("shop.example.com", "www.shop.example.com",
                            [("blue", 3, "blue.shop.example.com"), ("green", 1, "green.shop.example.com")])
    else:
        # Half migrated: users fully green, frontend green and taking a quarter of the traffic at
        # its entry point, stock not started.
        for name, port in (("users", 8080), ("frontend", 9000)):
            td = world.task_definition(f"{name}-green")
            world.ecs_service("green", name, td, 2, 2,
                              connect=world.service_connect(namespace, "http", name, port, f"{name}.apps.local", short))
        world.weighted_zone("shop.example.com", "www.shop.example.com",
                            [("blue", 3, "blue.shop.example.com"), ("green", 1, "green.shop.example.com")])
    world.out["privateCAs"] = cas


def build_bench(world, services):
    """N services over 2 meshes and 2 clusters: a TLS virtual node and an ECS service each, half
    of them with a Service Connect twin's configuration."""
    short = world.private_ca("Bench Service Connect CA", "SHORT_LIVED_CERTIFICATE", "EC_prime256v1", "SHA256WITHECDSA")
    appmesh = world.client("appmesh")
    ecs = world.client("ecs")
    namespace, _ = world.cloud_map("bench.local", [])
    for mesh in ("bench-a", "bench-b"):
        appmesh.create_mesh(meshName=mesh)
    for cluster in ("bench-1", "bench-2"):
        ecs.create_cluster(clusterName=cluster)
    for n in range(services):
        name = f"svc-{n:03d}"
        mesh = ("bench-a", "bench-b")[n % 2]
        cluster = ("bench-1", "bench-2")[n % 2]
        appmesh.create_virtual_node(meshName=mesh, virtualNodeName=name, spec={
            "listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": {"mode": "STRICT", "certificate": {
                "file": {"certificateChain": f"/certs/{name}.pem", "privateKey": f"/certs/{name}.key"}}}}],
            "serviceDiscovery": {"awsCloudMap": {"namespaceName": "bench.local", "serviceName": name, "attributes": []}}})
        td = world.task_definition(name, (mesh, name))
        connect = world.service_connect(namespace, "http", name, 8080, f"{name}.bench.local", short) if n % 2 else None
        world.ecs_service(cluster, name, td, 1, 1, connect=connect)
    world.out["meshes"] = ["bench-a", "bench-b"]
    world.out["clusters"] = ["bench-1", "bench-2"]
    world.out["services"] = services


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--world", choices=["test", "demo", "bench", "empty"], default="test")
    parser.add_argument("--services", type=int, default=200, help="bench world: services over 2 meshes and 2 clusters")
    parser.add_argument("--region", default="eu-west-1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--deny", action="append", default=[], help="aws CLI service name answering AccessDenied")
    parser.add_argument("--throttle", action="append", default=[], help="OPERATION=K: the first K calls are throttled")
    args = parser.parse_args()
    throttle = []
    for item in args.throttle:
        op, _, k = item.partition("=")
        throttle.append((op, int(k or 1)))

    patch_moto()
    knobs = Knobs([], [])
    server = WorldServer(args.port or free_port(), knobs)
    server.start()
    host, port = server.get_host_and_port()
    world = World(f"http://{host}:{port}", args.region)
    if args.world in ("test", "demo"):
        build_shop(world, args.world)
    elif args.world == "bench":
        build_bench(world, args.services)
    # Knobs start after the world is built (building must not be refused or throttled), and the
    # request counts start from zero.
    with knobs.lock:
        knobs.deny = set(args.deny)
        knobs.throttle = dict(throttle)
        knobs.requests = {}
        knobs.problems = []
        knobs.dropped = []
    print(json.dumps(world.out), flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    with knobs.lock:
        print(json.dumps({"requests": knobs.requests, "shapeProblems": knobs.problems, "droppedFields": knobs.dropped}), flush=True)
    os._exit(0)  # moto's server thread does not always stop on shutdown()


if __name__ == "__main__":
    main()
