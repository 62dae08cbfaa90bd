// Driver for CloudSim 3.0.3's PlanetLab experiments (our code, not CloudSim's).
//
// It does what the examples in org.cloudbus.cloudsim.examples.power.planetlab do
// (PlanetLabRunner, NonPowerAware, PlanetLabHelper), with two differences:
//   1. the trace files are taken in name order (Java File order) instead of the
//      file system's listing order, so VM i gets the i-th file of the sorted listing
//      exactly as lib/datacenter/read_planetlab_folder.ts does;
//   2. CloudSim's per-event log is dropped; only the summary that Helper.printResults
//      prints (from the "Experiment name:" line on) reaches standard output.
//
// Usage: java -cp <classes>:commons-math3.jar RunPlanetLabSorted <planetlabRoot> <day> <allocation> <selection> <parameter>
// allocation "npa" runs the non-power-aware data centre the way NonPowerAware.java does.
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.List;

import org.cloudbus.cloudsim.Cloudlet;
import org.cloudbus.cloudsim.DatacenterBroker;
import org.cloudbus.cloudsim.Log;
import org.cloudbus.cloudsim.UtilizationModel;
import org.cloudbus.cloudsim.UtilizationModelNull;
import org.cloudbus.cloudsim.UtilizationModelPlanetLabInMemory;
import org.cloudbus.cloudsim.Vm;
import org.cloudbus.cloudsim.core.CloudSim;
import org.cloudbus.cloudsim.examples.power.Constants;
import org.cloudbus.cloudsim.examples.power.Helper;
import org.cloudbus.cloudsim.examples.power.RunnerAbstract;
import org.cloudbus.cloudsim.examples.power.planetlab.PlanetLabConstants;
import org.cloudbus.cloudsim.power.PowerDatacenterNonPowerAware;
import org.cloudbus.cloudsim.power.PowerHost;
import org.cloudbus.cloudsim.power.PowerVmAllocationPolicySimple;

public final class RunPlanetLabSorted extends RunnerAbstract {
  /** Forwards Log output to stdout only once the summary starts. */
  static final class SummaryOnly extends OutputStream {
    private boolean open = false;

    @Override
    public void write(int b) {
      if (open) System.out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (!open && new String(b, off, len).contains("Experiment name:")) open = true;
      if (open) System.out.write(b, off, len);
    }

    @Override
    public void flush() {
      System.out.flush();
    }
  }

  static List<Cloudlet> sortedCloudlets(int brokerId, String folder) throws Exception {
    File[] files = new File(folder).listFiles();
    if (files == null) throw new IOException("not a folder: " + folder);
    Arrays.sort(files, Comparator.comparing(File::getName));
    UtilizationModel none = new UtilizationModelNull();
    List<Cloudlet> list = new ArrayList<Cloudlet>();
    for (int i = 0; i < files.length; i++) {
      Cloudlet cloudlet = new Cloudlet(
          i,
          Constants.CLOUDLET_LENGTH,
          Constants.CLOUDLET_PES,
          300,
          300,
          new UtilizationModelPlanetLabInMemory(files[i].getAbsolutePath(), Constants.SCHEDULING_INTERVAL),
          none,
          none);
      cloudlet.setUserId(brokerId);
      cloudlet.setVmId(i);
      list.add(cloudlet);
    }
    return list;
  }

  RunPlanetLabSorted(String root, String day, String allocation, String selection, String parameter) {
    super(true, false, root, "output", day, allocation, selection, parameter);
  }

  @Override
  protected void init(String folder) {
    try {
      CloudSim.init(1, Calendar.getInstance(), false);
      broker = Helper.createBroker();
      cloudletList = sortedCloudlets(broker.getId(), folder);
      vmList = Helper.createVmList(broker.getId(), cloudletList.size());
      hostList = Helper.createHostList(PlanetLabConstants.NUMBER_OF_HOSTS);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static void runNonPowerAware(String folder) throws Exception {
    Log.setDisabled(false);
    CloudSim.init(1, Calendar.getInstance(), false);
    DatacenterBroker broker = Helper.createBroker();
    List<Cloudlet> cloudlets = sortedCloudlets(broker.getId(), folder);
    List<Vm> vms = Helper.createVmList(broker.getId(), cloudlets.size());
    List<PowerHost> hosts = Helper.createHostList(PlanetLabConstants.NUMBER_OF_HOSTS);
    PowerDatacenterNonPowerAware datacenter = (PowerDatacenterNonPowerAware) Helper.createDatacenter(
        "Datacenter", PowerDatacenterNonPowerAware.class, hosts, new PowerVmAllocationPolicySimple(hosts));
    datacenter.setDisableMigrations(true);
    broker.submitVmList(vms);
    broker.submitCloudletList(cloudlets);
    CloudSim.terminateSimulation(Constants.SIMULATION_LIMIT);
    double lastClock = CloudSim.startSimulation();
    CloudSim.stopSimulation();
    Helper.printResults(datacenter, vms, lastClock, "planetlab_npa", false, "output");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: RunPlanetLabSorted <planetlabRoot> <day> <allocation> <selection> <parameter>");
      System.exit(2);
    }
    Log.setOutput(new SummaryOnly());
    if (args[2].equals("npa")) {
      runNonPowerAware(args[0] + "/" + args[1]);
    } else {
      new RunPlanetLabSorted(args[0], args[1], args[2], args[3], args[4]);
    }
    System.out.flush();
  }
}
