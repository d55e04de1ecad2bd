import { expect, test } from './fixtures/test';

const CENTOS = 'pod:default/centos-67756b6dc8-rmmxt';
const N180 = 'ap-southeast-1.10.0.0.180';

test.describe("Interfaces as `ip` shows them (ACK Flannel article: find a pod's veth by eth0@ifN)", () => {
  test("the pod's eth0@ifN leads to line N: on its node, the veth on cni0 that points back at if2", async ({ app, playback }) => {
    await app.open();
    await app.trace(CENTOS, '172.23.96.163:80');
    await playback.pause();
    const text = playback.nodeView.getByTestId('nodeview.text');

    // In the pod's own namespace: lo is 1 and eth0 is 2, its peer's ifindex after the @.
    await playback.nodeView.getByTestId('nodeview.node').selectOption(CENTOS);
    await playback.tab('link').click();
    await expect(playback.tab('link')).toHaveAttribute('aria-selected', 'true');
    await expect(text).toContainText(/2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP>/);
    // A pod has no iptables of its own: its tabs are the `ip` ones.
    await expect(playback.tab('nat')).toHaveCount(0);
    const peer = /2: eth0@if(\d+):/.exec((await text.textContent()) ?? '')![1]!;

    // On the node, `ip addr | grep N:` finds the host end.
    await playback.nodeView.getByTestId('nodeview.node').selectOption(N180);
    await playback.tab('addr').click();
    await expect(text).toContainText(new RegExp(`${peer}: veth[0-9a-f]{8}@if2: .* master cni0 `));
    await expect(text).toContainText('scope global cni0');
  });
});
